"""The client's page lists the client's messages from the outbox: what, about which day, when due, whether
sent, in which language; newest first, a few with a link to all, in as many queries for 3 as for 40."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from clinic_builders import booked, client_of, today
from clinic_world import Side
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mesoplan.web.clinic.models import Client
from mesoplan.web.outbox.models import SENT, Message

pytestmark = pytest.mark.django_db


def _log(side: Side, row: Client, count: int) -> None:
    """`count` reminders already sent, one a day, the latest yesterday."""
    for n in range(count):
        day = today() - timedelta(days=count - n)
        due = timezone.make_aware(datetime.combine(day - timedelta(days=1), time(18)))
        Message.objects.create(recipient=f"client:{row.pk}", kind="clinic.reminder", about=day, due_at=due,
                               status=SENT, sent_at=due, address="x@example.org", language="fr", body="…")


def _page(side: Side, row: Client, as_role: str = "front_desk", path: str = "") -> str:
    browser = Browser()
    browser.force_login(side.front_desk if as_role == "front_desk" else side.practitioner)
    response = browser.get(path or f"/clinic/clients/{row.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_front_desk_sees_the_confirmation_and_the_reminder_of_a_booking_on_the_clients_page(ours: Side) -> None:
    row = client_of(ours.organisation, "Irina Petrova", by=ours.practitioner, email="irina@example.org", language="ru")
    day = today() + timedelta(days=3)
    booked(row, ours.practitioner, day=day)
    page = _page(ours, row)
    log = page.split('id="messages"')[1].split("</section>")[0]
    assert "Confirmation" in log and "Reminder" in log and "Russian" in log and "waiting" in log
    assert log.index("Reminder") < log.index("Confirmation")  # due the evening before: the newest
    assert day.strftime("%Y") in log and "All messages" not in log


def test_a_long_log_shows_the_newest_ten_and_links_to_every_message(ours: Side) -> None:
    row = client_of(ours.organisation, "Irina Petrova", by=ours.practitioner, email="irina@example.org")
    _log(ours, row, 25)
    page = _page(ours, row, "practitioner")
    log = page.split('id="messages"')[1].split("</section>")[0]
    assert log.count("<tr class=") == 10 and "All messages" in log and "French" in log and "sent" in log
    everything = _page(ours, row, path=f"/clinic/clients/{row.pk}/messages/")
    assert everything.count("<tr class=") == 25


def test_the_log_is_in_the_language_of_the_page(ours: Side) -> None:
    row = client_of(ours.organisation, "Irina Petrova", by=ours.practitioner, email="irina@example.org")
    _log(ours, row, 1)
    browser = Browser()
    browser.force_login(ours.front_desk)
    page = browser.get(f"/clinic/clients/{row.pk}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    log = page.split('id="messages"')[1].split("</section>")[0]
    assert "Rappel" in log and "envoyé" in log and "Français" in log


def _queries(side: Side, row: Client) -> int:
    browser = Browser()
    browser.force_login(side.practitioner)
    browser.get(f"/clinic/clients/{row.pk}/")
    with CaptureQueriesContext(connection) as done:
        assert browser.get(f"/clinic/clients/{row.pk}/").status_code == 200
    return len(done.captured_queries)


def test_the_clients_page_costs_the_same_for_three_messages_as_for_forty(ours: Side) -> None:
    few = client_of(ours.organisation, "Few Messages", by=ours.practitioner, email="few@example.org")
    many = client_of(ours.organisation, "Many Messages", by=ours.practitioner, email="many@example.org")
    _log(ours, few, 3)
    _log(ours, many, 40)
    assert _queries(ours, few) == _queries(ours, many)
