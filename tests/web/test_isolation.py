"""Every person sees only their own data: for every page, another person's objects are 404.

The matrix is checked against the URL configuration itself, so a new page with
an id in its URL cannot be added without being listed (and tested) here.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from web_builders import device, person, photo, reaction, saved_check, session

from mesoplan.web.api.tokens import issue_token

pytestmark = pytest.mark.django_db

# URL name → the kind of object whose id it takes.
OWNED_URLS = {
    "selfcheck:saved_detail": "check", "selfcheck:saved_edit": "check", "selfcheck:saved_rescreen": "check",
    "selfcheck:saved_delete": "check", "selfcheck:saved_ics": "check", "selfcheck:saved_pdf": "check",
    "selfcheck:saved_plan": "check",
    "diary:session_edit": "session", "diary:session_delete": "session",
    "diary:device_edit": "device", "diary:device_cleaned": "device", "diary:device_delete": "device",
    "diary:reaction_edit": "reaction", "diary:reaction_delete": "reaction",
    "diary:flag_seen": "reaction", "diary:flag_resolved": "reaction",
    "diary:photo_image": "photo", "diary:photo_delete": "photo",
    "tokens:revoke": "token",
}
# Actions that take only one method: the other is 405 for everyone.
WRONG_METHODS = {"selfcheck:saved_rescreen": ("get",), "selfcheck:saved_delete": ("get",),
                 "diary:device_cleaned": ("get",), "diary:photo_image": ("post",), "tokens:revoke": ("get",)}
# Pages that list a person's own things, and a text of Ana's that must not show on Bob's.
LIST_URLS = ["/check/saved/", "/diary/", "/diary/sessions/", "/diary/devices/", "/diary/reactions/",
             "/diary/photos/", "/diary/photos/compare/", "/diary/progress/", "/diary/sessions/new/",
             "/diary/reactions/new/"]
ACCOUNT_ONLY = [*LIST_URLS, "/diary/devices/new/", "/diary/photos/new/"]


def _named_patterns(resolver: URLResolver, namespace: str = "") -> list[tuple[str, URLPattern]]:
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            found += _named_patterns(entry, f"{namespace}{entry.namespace}:" if entry.namespace else namespace)
        elif entry.name:
            found.append((f"{namespace}{entry.name}", entry))
    return found


@pytest.fixture
def ana_things() -> dict[str, Any]:
    ana = person("ana")
    roller = device(ana, label="ANA-ROLLER")
    logged = session(ana, device=roller, notes="ANA-NOTES", zones=["decollete"])
    return {
        "user": ana,
        "check": saved_check(ana, title="ANA-CHECK"),
        "device": roller,
        "session": logged,
        "reaction": reaction(ana, session=logged, notes="ANA-REACTION", severity=5),  # a red flag: its steps too
        "photo": photo(ana, caption="ANA-PHOTO"),
        "token": issue_token(ana, "ANA-TOKEN")[0],
    }


@pytest.fixture
def bob(client: Client) -> User:
    user = person("bob")
    client.force_login(user)
    return user


def test_the_matrix_covers_every_url_that_takes_an_id() -> None:
    # The clinic's pages have their own matrix (roles × another clinic's objects): tests/web/clinic.
    with_ids = {name for name, p in _named_patterns(get_resolver())
                if "pk" in str(p.pattern) and not name.startswith("clinic:")}
    assert with_ids == set(OWNED_URLS)


@pytest.mark.parametrize("name", sorted(OWNED_URLS))
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_persons_object_is_404_on_every_page(
        client: Client, bob: User, ana_things: dict[str, Any], name: str, method: str) -> None:
    from django.urls import reverse

    url = reverse(name, args=[ana_things[OWNED_URLS[name]].pk])
    response = getattr(client, method)(url)
    # A method a view does not take is refused before anything is looked up (405): it reveals nothing.
    expected = 405 if method in WRONG_METHODS.get(name, ()) else 404
    assert response.status_code == expected
    assert b"ANA-" not in response.content


def test_posting_to_anothers_objects_changes_nothing(client: Client, bob: User, ana_things: dict[str, Any]) -> None:
    from django.urls import reverse

    for name, kind in OWNED_URLS.items():
        client.post(reverse(name, args=[ana_things[kind].pk]), {"title": "BOB", "date": "2026-01-01"})
    ana_things["check"].refresh_from_db()
    ana_things["device"].refresh_from_db()
    assert ana_things["check"].title == "ANA-CHECK" and ana_things["device"].last_sanitised is None
    assert ana_things["session"].__class__.objects.filter(pk=ana_things["session"].pk).exists()
    assert ana_things["photo"].__class__.objects.filter(pk=ana_things["photo"].pk).exists()
    ana_things["token"].refresh_from_db()
    assert not ana_things["token"].revoked


@pytest.mark.parametrize("url", LIST_URLS)
def test_lists_show_nothing_of_another_person(
        client: Client, bob: User, ana_things: dict[str, Any], url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert "ANA-" not in response.content.decode()


def test_the_timeline_shows_nothing_of_another_persons_sessions(
        client: Client, bob: User, ana_things: dict[str, Any]) -> None:
    html = client.get("/diary/").content.decode()
    assert "Décolleté" not in html and "Nothing logged yet." in html


@pytest.mark.parametrize("url", ["/diary/photos/compare/?a={photo}", "/diary/photos/compare/?b={photo}"])
def test_comparing_with_another_persons_photo_is_404(
        client: Client, bob: User, ana_things: dict[str, Any], url: str) -> None:
    assert client.get(url.format(photo=ana_things["photo"].pk)).status_code == 404


def test_a_reaction_cannot_name_another_persons_session(
        client: Client, bob: User, ana_things: dict[str, Any]) -> None:
    response = client.post("/diary/reactions/new/", {"session": ana_things["session"].pk, "symptom": "redness",
                                                     "severity": "2"})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()


@pytest.mark.parametrize("url", ACCOUNT_ONLY)
def test_account_pages_send_visitors_to_log_in(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")


@pytest.mark.parametrize("name", sorted(OWNED_URLS))
def test_owned_pages_send_visitors_to_log_in(client: Client, ana_things: dict[str, Any], name: str) -> None:
    from django.urls import reverse

    response = client.get(reverse(name, args=[ana_things[OWNED_URLS[name]].pk]))
    assert response.status_code in (302, 405)


@pytest.mark.parametrize("name", sorted(OWNED_URLS))
def test_ids_beyond_any_row_are_404_not_500(client: Client, bob: User, name: str) -> None:
    from django.urls import reverse

    assert client.get(reverse(name, args=[10**30])).status_code in (404, 405)


def test_the_owner_does_see_their_own_things(client: Client, ana_things: dict[str, Any]) -> None:
    client.force_login(ana_things["user"])
    assert "ANA-CHECK" in client.get("/check/saved/").content.decode()
    assert "ANA-ROLLER" in client.get("/diary/devices/").content.decode()
    assert client.get(f"/diary/photos/{ana_things['photo'].pk}/image/").status_code == 200
