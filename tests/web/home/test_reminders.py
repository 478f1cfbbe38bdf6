"""Email reminders of a home user's saved plan: opt-in per kind, in their language, replaced when the
plan changes, stopped from the email's link without logging in."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client
from home_builders import FIRST_SESSION, PAUSE_DAY, SECOND_SESSION, planned, reminded
from web_builders import person

from mesoplan.web.home.models import ReminderChoice
from mesoplan.web.outbox.models import CANCELLED, QUEUED, Message

pytestmark = pytest.mark.django_db


def queued(user: object) -> dict[tuple[str, date], Message]:
    return {(m.kind, m.about): m for m in Message.objects.filter(recipient=f"user:{user.pk}", status=QUEUED)}  # type: ignore[attr-defined]


def test_nothing_is_queued_for_a_person_who_did_not_opt_in() -> None:
    planned(person("ana"))
    assert Message.objects.count() == 0


def test_choosing_session_reminders_queues_one_email_per_session_day_in_the_persons_language(
        client: Client) -> None:
    ana = reminded(prep=False, sessions=False)
    planned(ana)
    client.force_login(ana)
    client.post("/me/reminders/", {"sessions": "on"})

    rows = queued(ana)
    assert {kind for kind, _day in rows} == {"home.session"}
    first = rows[("home.session", FIRST_SESSION)]
    assert first.due_at.isoformat() == "2027-01-11T18:00:00+00:00"  # the evening before
    assert (first.language, first.address) == ("fr", "ana@example.org")
    assert first.subject == "mesoplan\u00a0: votre séance du 12 janvier 2027"
    assert "Séance 1 sur 8" in first.body and "/me/reminders/stop/" in first.body
    assert first.headers["List-Unsubscribe"].startswith("<http")


def test_preparation_reminders_list_the_days_steps() -> None:
    ana = reminded(language="en", sessions=False)
    planned(ana)
    pause = queued(ana)[("home.prep", PAUSE_DAY)]
    assert pause.subject == "mesoplan: to do on 5 January 2027"
    assert "- Pause blood-thinning supplements and painkillers" in pause.body


def test_a_new_plan_cancels_the_reminders_of_days_it_no_longer_has() -> None:
    ana = reminded()
    planned(ana)
    assert ("home.session", FIRST_SESSION) in queued(ana)
    planned(ana, start="2027-02-02")
    assert ("home.session", FIRST_SESSION) not in queued(ana)
    assert Message.objects.get(kind="home.session", about=FIRST_SESSION).status == CANCELLED
    assert ("home.session", date(2027, 2, 2)) in queued(ana)


def test_the_link_in_the_email_stops_that_kind_of_reminder_without_logging_in(client: Client) -> None:
    ana = reminded()
    planned(ana)
    body = queued(ana)[("home.session", SECOND_SESSION)].body
    link = re.search(r"http://[^/]+(/me/reminders/stop/\S+/)", body)
    assert link is not None

    page = client.get(link.group(1))
    assert page.status_code == 200 and "Arrêter" in page.content.decode()
    done = client.post(link.group(1))
    assert done.status_code == 200
    assert not ReminderChoice.objects.get(user=ana).sessions and ReminderChoice.objects.get(user=ana).prep
    assert {kind for kind, _day in queued(ana)} == {"home.prep"}


def test_a_forged_or_damaged_link_stops_nothing(client: Client) -> None:
    ana = reminded()
    planned(ana)
    before = len(queued(ana))
    assert client.post("/me/reminders/stop/not-a-token/").status_code == 404
    assert len(queued(ana)) == before


def test_choosing_reminders_needs_an_account(client: Client) -> None:
    assert client.get("/me/reminders/").status_code == 302


def test_no_session_is_announced_while_a_red_flag_is_open_and_it_comes_back_after() -> None:
    from django.test import TestCase
    from web_builders import reaction, session

    ana = reminded(prep=False)
    planned(ana)
    with TestCase.captureOnCommitCallbacks(execute=True):
        logged = session(ana, date=date(2026, 11, 20))
        flag = reaction(ana, session=logged, date=date(2026, 11, 22), symptom="infection_signs", severity=3)
    assert queued(ana) == {}
    assert Message.objects.get(kind="home.session", about=FIRST_SESSION).status == CANCELLED

    with TestCase.captureOnCommitCallbacks(execute=True):
        flag.delete()
    assert ("home.session", FIRST_SESSION) in queued(ana)


def test_a_session_reminder_comes_back_once_the_red_flag_is_resolved_not_when_a_session_is_logged(
        client: Client) -> None:
    from django.test import TestCase
    from web_builders import reaction, session

    ana = reminded(prep=False)
    planned(ana)
    with TestCase.captureOnCommitCallbacks(execute=True):
        flag = reaction(ana, date=date(2026, 11, 22), symptom="infection_signs", severity=3)
        session(ana, date=date(2026, 11, 25))  # a later session closes nothing
    assert ("home.session", FIRST_SESSION) not in queued(ana)

    client.force_login(ana)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(f"/diary/reactions/{flag.pk}/resolved/",
                               {"resolved_on": "2026-11-28", "by": "Dr Curie", "note": "Healed"})
    assert response.status_code == 302
    assert ("home.session", FIRST_SESSION) in queued(ana)
