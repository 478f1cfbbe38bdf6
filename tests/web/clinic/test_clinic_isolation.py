"""THE MATRIX: every clinic page × every role × an object of another clinic. No leak, ever.

The table below is checked against the URL configuration, so a new clinic page cannot be
added without saying which object it takes and which action (of `clinic.access.ROLES_FOR`)
it needs. Roles: the admin, practitioner and front desk of clinic A, Ana (a client of A
with her own account), a member of clinic B (its admin, the strongest outsider), and a
visitor who is not logged in. Every text of A starts with `OURS-`, of B with `THEIRS-`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from clinic_world import Side, build_side
from django.apps import apps
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client as Browser
from django.urls import get_resolver, reverse
from django.utils import timezone
from test_isolation import _named_patterns  # the site's own matrix reads the URL configuration so too
from web_builders import image_bytes, person, reaction

from mesoplan.web.clinic import consent
from mesoplan.web.clinic.access import ROLES_FOR
from mesoplan.web.clinic.models import Client, ImportJob, PreVisitIntake
from mesoplan.web.records.models import Reaction

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Page:
    takes: str | None  # the kind of object whose id is in the URL
    action: str | None  # the access action it needs; None: any logged-in person
    methods: tuple[str, ...] = ("get", "post")  # the methods the view takes (others are 405 for everyone)
    procedure: bool = False  # the URL also names a procedure


PAGES = {
    "clinic:home": Page(None, None),
    "clinic:clinic_new": Page(None, None),
    "clinic:settings": Page("organisation", "manage_clinic"),
    "clinic:member_invite": Page("organisation", "manage_clinic", ("post",)),
    "clinic:invitation": Page("token", None),  # the link is the key: a visitor may open it (test_clinic_staff)
    "clinic:messages_stop": Page("token", None),  # the link in a client's message (test_clinic_messages)
    "clinic:staff_profile": Page(None, None),
    "clinic:location_add": Page("organisation", "manage_clinic", ("post",)),
    "clinic:consent_publish": Page("organisation", "manage_clinic", ("post",)),
    "clinic:policy": Page("organisation", "manage_clinic"),
    "clinic:rescreen": Page("organisation", "manage_clinic", ("post",)),
    "clinic:rescreen_status": Page("organisation", "see_clinical", ("get",)),
    "clinic:clinic_audit": Page("organisation", "see_audit", ("get",)),
    "clinic:lot_recall": Page("organisation", "see_clinical", ("get",)),
    "clinic:reports": Page("organisation", "export_reports", ("get",)),
    "clinic:products": Page("organisation", "see_clinical"),  # adding a lot needs `chart`: the same roles
    "clinic:member_remove": Page("membership", "manage_clinic"),
    "clinic:calendar": Page("organisation", "see_calendar", ("get",)),
    "clinic:location_hours": Page("location", "manage_clinic"),
    "clinic:appointment_new": Page("client", "book"),
    "clinic:plan_book": Page("client", "book"),
    "clinic:appointment_detail": Page("appointment", "see_calendar", ("get",)),
    "clinic:appointment_move": Page("appointment", "book", ("post",)),
    "clinic:appointment_status": Page("appointment", "book", ("post",)),
    "clinic:clients": Page(None, "see_clients"),
    "clinic:client_new": Page(None, "add_client"),
    "clinic:client_import": Page(None, "import"),
    "clinic:import_status": Page("import_job", "import", ("get",)),
    "clinic:client_detail": Page("client", "see_clients"),
    "clinic:client_edit": Page("client", "edit_client"),
    "clinic:client_intake": Page("client", "edit_intake"),
    "clinic:client_protocol": Page("client", "edit_intake"),
    "clinic:consent": Page("client", "capture_consent", procedure=True),
    "clinic:handover_start": Page("client", "capture_consent", ("post",), procedure=True),
    "clinic:handover": Page(None, None),
    "clinic:handover_unlock": Page(None, None),
    "clinic:consent_drawing": Page("signature", "capture_consent", ("get",)),
    "clinic:consent_pdf": Page("signature", "capture_consent", ("get",)),
    "clinic:session_new": Page("client", "chart"),
    "clinic:reaction_new": Page("client", "log_reaction"),
    "clinic:clearance_new": Page("client", "clear"),
    "clinic:flag_update": Page("reaction", "log_reaction"),
    "clinic:home_flag_update": Page("home_reaction", "log_reaction"),
    "clinic:client_export": Page("client", "export", ("get",)),
    "clinic:client_handout_pdf": Page("client", "see_clinical", ("get",)),
    "clinic:client_handout_ics": Page("client", "see_clinical", ("get",)),
    "clinic:client_audit": Page("client", "see_audit"),
    "clinic:client_messages": Page("client", "see_messages", ("get",)),
    "clinic:previsit_link_new": Page("client", "send_intake_link", ("post",)),
    "clinic:previsit_intake": Page("token", None),  # the link is the key: no account (test_clinic_previsit)
    "clinic:previsit_review": Page("previsit", "review_intake", ("post",)),
    "clinic:previsit_link_send": Page("previsit", "send_intake_link", ("post",)),
    "clinic:change_seen": Page("client", "see_clinical", ("post",)),
    "clinic:session_detail": Page("session", "see_clinical"),
    "clinic:session_edit": Page("draft", "chart"),
    "clinic:session_sign": Page("draft", "sign", ("post",)),
    "clinic:session_amend": Page("session", "amend"),
    "clinic:photo_new": Page("draft", "chart"),
    "clinic:photo_image": Page("photo", "see_clinical", ("get",)),
    "clinic:photo_compare": Page("client", "see_clinical", ("get",)),
    "clinic:me": Page(None, None),
    "clinic:me_link": Page(None, None),
    "clinic:me_consent": Page("own_client", "client_self", procedure=True),
}
STAFF_ROLES = ("admin", "practitioner", "front_desk")
WITH_IDS = sorted(name for name, page in PAGES.items() if page.takes and page.takes != "token")
PUBLIC = frozenset(name for name, page in PAGES.items() if page.takes == "token")


@dataclass
class World:
    ours: Side
    theirs: Side
    ana: User  # a client of A, with her own account


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """The two clinics, built once for the module's 700 tests inside a transaction rolled back at its end.
    Each test runs in a savepoint within it (pytest-django's `django_db`), rolled back after the test: the
    tests share these rows, never what one of them changed."""
    with django_db_blocker.unblock(), transaction.atomic():
        ours, theirs = build_side("a", "OURS-"), build_side("b", "THEIRS-")
        ana = person("ana")
        Client.objects.filter(pk=ours.client.pk).update(user=ana)
        for side in (ours, theirs):  # a drawn signature in each clinic, for the page that sends drawings
            text = consent.latest_text(side.organisation.pk, "microneedling")
            consent.sign(side.client, text, side.client.name, side.front_desk, timezone.now(),  # type: ignore[arg-type]
                         consent.Signing(drawing=ContentFile(image_bytes("PNG"), name="s.png")))
        yield World(ours, theirs, ana)
        transaction.set_rollback(True)


def _object(side: Side, kind: str) -> Any:
    if kind == "home_reaction":  # made only for the page that takes one: it is an open red flag of the client
        return _home_flag(side)
    return {"organisation": side.organisation, "membership": side.membership, "client": side.client,
            "own_client": side.client, "session": side.session, "draft": side.draft, "photo": side.photo,
            "reaction": side.client.reactions.first(), "import_job": _import_job(side),
            "appointment": side.appointment, "location": side.organisation.locations.first(),
            "previsit": _previsit(side),
            "signature": side.client.consents.exclude(drawing="").first() or side.client.consents.first()}[kind]


def _home_flag(side: Side) -> Reaction:
    """A red flag the side's client logged in their own home diary (a client of B links an account too)."""
    client = Client.objects.get(pk=side.client.pk)
    if client.user is None:
        client.user = person(f"home-of-{side.organisation.pk}")
        client.save(update_fields=["user"])
    return reaction(client.user, symptom="infection_signs", severity=3)


def _previsit(side: Side) -> PreVisitIntake:
    """An intake the clinic's client sent from a link, waiting for review."""
    return PreVisitIntake.objects.get_or_create(client=side.client, defaults={
        "submitted_at": timezone.now(), "intake": {**side.client.intake, "setting": "clinic"}})[0]


def _import_job(side: Side) -> ImportJob:
    """A large FHIR import of the clinic, waiting for the worker."""
    return ImportJob.objects.get_or_create(organisation=side.organisation, defaults={"size": 1})[0]


def _url(name: str, obj: Any = None) -> str:
    page = PAGES[name]
    if page.takes == "token":
        return reverse(name, args=["not-a-valid-invitation"])
    args: list[Any] = [obj.pk] if page.takes else []
    return reverse(name, args=[*args, "microneedling"] if page.procedure else args)


def _counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_app_config("clinic").get_models()}


def test_the_matrix_lists_every_clinic_page() -> None:
    assert {name for name, _ in _named_patterns(get_resolver()) if name.startswith("clinic:")} == set(PAGES)


@pytest.mark.parametrize("role", [*STAFF_ROLES, "client", "other_clinic"])
@pytest.mark.parametrize("name", WITH_IDS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_object_of_another_clinic_is_not_found_on_any_page_for_any_role(
        client: Browser, world: World, role: str, name: str, method: str) -> None:
    page = PAGES[name]
    if role == "other_clinic":  # B's admin, at A's objects
        user, foreign, hidden = world.theirs.admin, _object(world.ours, page.takes or ""), "OURS-"
    elif role == "client":  # Ana, at her own clinic's objects: she is no staff; and at B's client
        user, hidden = world.ana, "OURS-"
        # her own client row and her own signature are hers: she is tried on B's
        foreign = _object(world.theirs if page.takes in ("own_client", "signature") else world.ours,
                          page.takes or "")
    else:
        user, foreign, hidden = getattr(world.ours, role), _object(world.theirs, page.takes or ""), "THEIRS-"
    client.force_login(user)
    before = _counts()
    response = getattr(client, method)(_url(name, foreign))
    assert response.status_code == (404 if method in page.methods else 405)
    assert hidden.encode() not in response.content
    assert _counts() == before
    world.theirs.draft.refresh_from_db()
    assert not world.theirs.draft.is_signed


@pytest.mark.parametrize("role", STAFF_ROLES)
@pytest.mark.parametrize("name", sorted(n for n, p in PAGES.items() if p.action not in (None, "client_self")))
def test_each_role_may_do_exactly_what_the_access_table_allows(
        client: Browser, world: World, role: str, name: str) -> None:
    page = PAGES[name]
    client.force_login(getattr(world.ours, role))
    method = "get" if "get" in page.methods else "post"
    response = getattr(client, method)(_url(name, _object(world.ours, page.takes) if page.takes else None))
    allowed = role in ROLES_FOR[str(page.action)]
    assert response.status_code in ((200, 302) if allowed else (403,)), response.status_code
    assert b"THEIRS-" not in (b"".join(response.streaming_content) if response.streaming else response.content)


def test_a_client_signs_only_her_own_consent(client: Browser, world: World) -> None:
    client.force_login(world.ana)
    assert client.get(_url("clinic:me_consent", world.ours.client)).status_code == 200
    other_of_a = Client.objects.create(organisation=world.ours.organisation, name="OURS-someone else")
    assert client.get(_url("clinic:me_consent", other_of_a)).status_code == 404


@pytest.mark.parametrize("role", [*STAFF_ROLES, "client", "other_clinic"])
@pytest.mark.parametrize("url", ["/clinic/", "/clinic/clients/", "/clinic/clients/?q=client", "/clinic/me/",
                                 "/clinic/clients/new/", "/clinic/clients/import/", "/diary/"])
def test_lists_and_forms_show_nothing_of_another_clinic(client: Browser, world: World, role: str, url: str) -> None:
    if role == "other_clinic":
        user, hidden = world.theirs.admin, b"OURS-"
    else:
        user, hidden = (world.ana if role == "client" else getattr(world.ours, role)), b"THEIRS-"
    client.force_login(user)
    response = client.get(url, follow=True)
    assert response.status_code in (200, 403)
    assert hidden not in response.content


@pytest.mark.parametrize("name", sorted(set(PAGES) - PUBLIC))
@pytest.mark.parametrize("method", ["get", "post"])
def test_visitors_are_sent_to_log_in(client: Browser, world: World, name: str, method: str) -> None:
    page = PAGES[name]
    response = getattr(client, method)(_url(name, _object(world.ours, page.takes) if page.takes else None))
    if method not in page.methods:
        assert response.status_code == 405
    else:
        assert response.status_code == 302 and response["Location"].startswith("/account/login/")
    assert b"OURS-" not in response.content


@pytest.mark.parametrize("name", WITH_IDS)
def test_ids_beyond_any_row_are_404_not_500(client: Browser, world: World, name: str) -> None:
    client.force_login(world.ours.admin)
    page = PAGES[name]
    method = "get" if "get" in page.methods else "post"
    url = reverse(name, args=[10**30, "microneedling"] if page.procedure else [10**30])
    assert getattr(client, method)(url).status_code == 404


def test_a_procedure_that_does_not_exist_is_no_crash(client: Browser, world: World) -> None:
    client.force_login(world.ours.front_desk)
    response = client.get(f"/clinic/clients/{world.ours.client.pk}/consent/botox_party/", follow=True)
    assert response.status_code == 200 and "Unknown procedure." in response.content.decode()
