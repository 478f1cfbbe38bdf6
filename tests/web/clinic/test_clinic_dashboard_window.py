"""The dashboard's "Due this week" shows the soonest bookings and planned sessions of a busy clinic and counts
the rest (the calendar shows them all): its cost does not grow with the week's bookings (issue 16), and its
reads join the clinic's rows instead of listing every client id."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from clinic_builders import client_of, today
from clinic_world import Side
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mesoplan.web.clinic.models import Appointment, Location, PlannedEvent
from mesoplan.web.clinic.views.dashboard import DUE_SHOWN

pytestmark = pytest.mark.django_db
EXTRA = 3


def _busy_week(side: Side) -> None:
    location = Location.objects.filter(organisation=side.organisation).first()
    for n in range(DUE_SHOWN + EXTRA):
        row = client_of(side.organisation, f"Busy {n:02d}", intake=False)
        day = today() + timedelta(days=1 + n % 5)
        Appointment.objects.create(client=row, practitioner=side.practitioner, location=location, minutes=30,
                                   start=timezone.make_aware(datetime.combine(day, time(8 + n % 10, 5 * (n % 6)))))
        PlannedEvent.objects.create(client=row, position=1, date=day + timedelta(days=1) if n % 5 < 4 else day,
                                    kind="session", title="Session 1 of 6", zones=["cheeks"])


def test_a_busy_week_shows_the_soonest_and_counts_the_rest(client: Browser, ours: Side) -> None:
    _busy_week(ours)
    client.force_login(ours.front_desk)
    due = client.get("/clinic/").content.decode().split('id="due"')[1].split("</section>")[0]
    booked = due.split('id="due-booked"')[1].split("</table>")[0]
    # the appointment booked for tomorrow (a fixture of the world) and the busy week's
    assert booked.count("<tr><td>") == DUE_SHOWN
    assert f"And {EXTRA + 1} more appointments this week: the calendar shows them all." in due
    unbooked = due.split('id="due-unbooked"')[1].split("</table>")[0]
    assert unbooked.count("<tr><td>") == DUE_SHOWN
    assert "more planned sessions this week, not booked yet." in due


def test_a_quiet_week_lists_everything_and_counts_nothing(client: Browser, ours: Side) -> None:
    client.force_login(ours.front_desk)
    due = client.get("/clinic/").content.decode().split('id="due"')[1].split("</section>")[0]
    assert "more appointment" not in due and "more planned session" not in due


def test_the_dashboards_reads_do_not_grow_with_the_week(client: Browser, ours: Side) -> None:
    client.force_login(ours.practitioner)
    client.get("/clinic/")
    with CaptureQueriesContext(connection) as quiet:
        client.get("/clinic/")
    _busy_week(ours)
    with CaptureQueriesContext(connection) as busy:
        client.get("/clinic/")
    assert len(busy.captured_queries) == len(quiet.captured_queries)
    assert not [q["sql"] for q in busy.captured_queries if 'FROM "clinic_client" V0' in q["sql"]]
