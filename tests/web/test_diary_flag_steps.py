"""A home red flag has the one life cycle of decisions item 1: open → a doctor saw it → resolved.

Logging a session no longer closes it; the person records the two steps on the diary's pages, and the
gate (the home's next session, reminders, the diary's alerts) follows where it stands."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import User
from django.test import Client
from web_builders import days_ago, person, reaction, saved_check, session, today

from mesoplan.web.records.models import CLOSED_BY_LATER_SESSION, Reaction

pytestmark = pytest.mark.django_db
MIGRATION = importlib.import_module("mesoplan.web.records.migrations.0004_close_flags_followed_by_a_session")


def section(page: str, name: str) -> str:
    return page.split(f'id="{name}"')[1].split("</section>")[0]


def infection(owner: User, **fields: object) -> Reaction:
    """A red flag a doctor's look does not lift (`seen_lifts_block: false`)."""
    return reaction(owner, **{"date": days_ago(2), "symptom": "infection_signs", "severity": 3, **fields})


def seen(client: Client, flag: Reaction, **fields: str) -> object:
    return client.post(f"/diary/reactions/{flag.pk}/seen/",
                       {"seen_on": days_ago(1).isoformat(), "note": "Antibiotic cream for a week", **fields})


def resolved(client: Client, flag: Reaction, **fields: str) -> object:
    return client.post(f"/diary/reactions/{flag.pk}/resolved/",
                       {"resolved_on": today().isoformat(), "by": "Dr Marie Curie", "note": "Healed", **fields})


def test_logging_a_session_no_longer_closes_a_red_flag(client: Client, ana: User) -> None:
    saved_check(ana)
    infection(ana)
    session(ana, date=days_ago(1))
    page = client.get("/").content.decode()
    assert "On hold" in section(page, "next-session")
    assert 'data-status="open"' in section(page, "warning-signs")


def test_an_open_red_flag_shows_its_level_and_both_steps_on_every_page(client: Client, ana: User) -> None:
    flag = infection(ana)
    for path in ("/", "/diary/", "/diary/progress/", "/diary/reactions/"):
        page = client.get(path).content.decode()
        assert "See a doctor today" in page, path
        assert f"/diary/reactions/{flag.pk}/seen/" in page and f"/diary/reactions/{flag.pk}/resolved/" in page, path


def test_recording_the_doctors_visit_keeps_the_block_where_a_look_is_not_enough(client: Client, ana: User) -> None:
    saved_check(ana)
    flag = infection(ana)
    response = seen(client, flag, next="/")
    assert response.status_code == 302 and response["Location"] == "/"
    flag.refresh_from_db()
    assert (flag.flag_status, flag.flag_seen_on, flag.flag_seen_note) == \
        ("seen", days_ago(1), "Antibiotic cream for a week")
    page = client.get("/").content.decode()
    assert "On hold" in section(page, "next-session")
    cards = section(page, "warning-signs")
    assert 'data-status="seen"' in cards and "Antibiotic cream for a week" in cards
    assert "No new session until a doctor or practitioner has closed it." in cards
    assert "A doctor saw it</a>" not in cards  # the one step left is to close it


def test_a_doctors_look_lets_sessions_go_on_where_the_knowledge_base_says_it_suffices(client: Client,
                                                                                   ana: User) -> None:
    saved_check(ana)
    flag = reaction(ana, date=days_ago(2), symptom="dizziness", severity=3)  # `seen_lifts_block: true`
    assert "On hold" in section(client.get("/").content.decode(), "next-session")
    assert seen(client, flag).status_code == 302
    page = client.get("/").content.decode()
    assert "On hold" not in section(page, "next-session")
    assert "Confirm you have read the doctor&#x27;s advice" in section(page, "next-session")
    assert "a doctor's look is enough" in section(page, "warning-signs")


def test_a_resolved_flag_lets_the_next_session_go_on_and_shows_as_closed(client: Client, ana: User) -> None:
    saved_check(ana)
    flag = infection(ana)
    assert resolved(client, flag).status_code == 302
    flag.refresh_from_db()
    assert (flag.flag_status, flag.flag_resolved_on, flag.flag_resolved_by, flag.flag_resolved_note) == \
        ("resolved", today(), "Dr Marie Curie", "Healed")
    page = client.get("/").content.decode()
    assert "On hold" not in section(page, "next-session")
    assert 'id="warning-signs"' not in page and 'data-kind="red_flag"' not in page
    listed = client.get("/diary/reactions/").content.decode()
    assert f"Closed on {today():%-d %B %Y}" in listed and "by Dr Marie Curie" in listed
    assert f"/diary/reactions/{flag.pk}/resolved/" not in listed
    assert client.get(f"/diary/reactions/{flag.pk}/resolved/").status_code == 404  # nothing left to record


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"seen_on": (today() + timedelta(days=1)).isoformat()}, "seen_on", "This date is in the future."),
    ({"seen_on": days_ago(5).isoformat()}, "seen_on", "This is before the day you noticed the warning sign"),
    ({"seen_on": ""}, "seen_on", "Give the day the doctor saw it."),
    ({"note": ""}, "note", "Write a few words about what the doctor said."),
    ({"note": "x" * 2001}, "note", "at most 2000 characters"),
], ids=["future", "before-the-reaction", "no-date", "no-note", "note-too-long"])
def test_a_wrong_doctors_visit_is_refused_by_its_field_and_nothing_is_stored(
        client: Client, ana: User, fields: dict[str, str], field: str, message: str) -> None:
    flag = infection(ana)
    response = seen(client, flag, **fields)
    assert response.status_code == 200
    page = response.content.decode()
    by_field = page.split(f'id="field-{field}"')[1].split('<div class="field')[0]
    assert message in by_field
    flag.refresh_from_db()
    assert (flag.flag_status, flag.flag_seen_on, flag.flag_seen_note) == ("open", None, "")


@pytest.mark.parametrize(("fields", "message"), [
    ({"resolved_on": (today() + timedelta(days=1)).isoformat()}, "This date is in the future."),
    ({"resolved_on": days_ago(3).isoformat()}, "This is before the day you noticed the warning sign"),
    ({"by": ""}, "Give the name of the doctor or practitioner who closed it."),
    ({"by": "D" * 121}, "at most 120 characters"),
    ({"note": ""}, "Write a few words about what they advised."),
], ids=["future", "before-the-reaction", "no-name", "name-too-long", "no-note"])
def test_a_wrong_closing_is_refused_and_the_flag_stays_open(client: Client, ana: User, fields: dict[str, str],
                                                            message: str) -> None:
    flag = infection(ana)
    response = resolved(client, flag, **fields)
    assert response.status_code == 200 and message in response.content.decode()
    flag.refresh_from_db()
    assert (flag.flag_status, flag.flag_resolved_on, flag.flag_resolved_by) == ("open", None, "")


def test_a_closing_before_the_doctors_visit_is_refused(client: Client, ana: User) -> None:
    flag = infection(ana, date=days_ago(4))
    assert seen(client, flag, seen_on=days_ago(1).isoformat()).status_code == 302
    response = resolved(client, flag, resolved_on=days_ago(2).isoformat())
    assert "This is before the doctor&#x27;s visit you recorded" in response.content.decode()


def test_someone_elses_red_flag_is_not_found(client: Client, ana: User) -> None:
    bob_flag = infection(person("bob"))
    assert client.get(f"/diary/reactions/{bob_flag.pk}/seen/").status_code == 404
    assert seen(client, bob_flag).status_code == 404
    assert resolved(client, bob_flag).status_code == 404
    bob_flag.refresh_from_db()
    assert bob_flag.flag_status == "open"


def test_a_reaction_that_is_no_red_flag_has_no_steps(client: Client, ana: User) -> None:
    mild = reaction(ana, symptom="redness", severity=2)
    assert client.get(f"/diary/reactions/{mild.pk}/seen/").status_code == 404
    assert "/seen/" not in client.get("/diary/reactions/").content.decode()


def test_the_steps_need_the_csrf_token(ana: User) -> None:
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(ana)
    flag = infection(ana)
    assert seen(strict, flag).status_code == 403
    flag.refresh_from_db()
    assert flag.flag_status == "open"


def test_a_session_logged_while_a_flag_is_open_is_kept_and_alerted(client: Client, ana: User) -> None:
    saved_check(ana)
    infection(ana, date=days_ago(3))
    response = client.post("/diary/sessions/new/", {"date": today().isoformat(), "setting": "home",
                                                    "zones": ["forehead"], "needle_mm": "0.25"})
    assert response.status_code == 302
    html = client.get("/diary/").content.decode()
    alert = html.index('data-kind="session_with_open_flag"')
    assert "A session was logged while a warning sign was open" in html[alert:alert + 400]
    assert "session_with_open_flag" in [a["kind"] for a in client.get("/api/alerts").json()]


def test_a_session_after_the_flag_was_closed_raises_no_such_alert(client: Client, ana: User) -> None:
    saved_check(ana)
    flag = infection(ana, date=days_ago(3))
    assert resolved(client, flag, resolved_on=days_ago(1).isoformat()).status_code == 302
    client.post("/diary/sessions/new/", {"date": today().isoformat(), "setting": "home", "zones": ["forehead"],
                                         "needle_mm": "0.25"})
    assert "session_with_open_flag" not in client.get("/diary/").content.decode()


def test_the_migration_closes_flags_a_later_session_followed_and_keeps_the_others_open(ana: User) -> None:
    old = infection(ana, date=days_ago(20))
    mild = reaction(ana, date=days_ago(20), symptom="redness", severity=2)
    session(ana, date=days_ago(15))
    session(ana, date=days_ago(5))
    same_day = infection(ana, date=days_ago(5))
    later = infection(ana, date=days_ago(2))
    nobody_logged = infection(person("bob"), date=days_ago(30))
    MIGRATION.close_flags_a_session_followed(django_apps, None)
    old.refresh_from_db()
    assert (old.flag_status, old.flag_resolved_on, old.flag_resolved_note) == \
        ("resolved", days_ago(15), CLOSED_BY_LATER_SESSION)  # closed on the day of the session that followed
    assert MIGRATION.NOTE == CLOSED_BY_LATER_SESSION
    for row in (mild, same_day, later, nobody_logged):
        row.refresh_from_db()
        assert row.flag_status == "open"


def test_a_flag_the_migration_closed_blocks_nothing_and_says_why_it_is_closed(client: Client, ana: User) -> None:
    saved_check(ana)
    old = infection(ana, date=days_ago(20))
    session(ana, date=days_ago(10))
    MIGRATION.close_flags_a_session_followed(django_apps, None)
    assert "On hold" not in section(client.get("/").content.decode(), "next-session")
    listed = client.get("/diary/reactions/").content.decode()
    assert CLOSED_BY_LATER_SESSION in listed
    old.refresh_from_db()
    assert old.flag_status == "resolved"


def test_a_step_never_sends_the_person_to_another_site(client: Client, ana: User) -> None:
    flag = infection(ana)
    response = seen(client, flag, next="https://evil.example/")
    assert response.status_code == 302 and response["Location"] == "/diary/reactions/"
