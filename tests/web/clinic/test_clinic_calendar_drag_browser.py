"""In Debian's Chromium: the front desk drags a booked appointment onto another day of the week's calendar.
Into a wait the gate refuses it, with its reason, and nothing moves; onto a day after the wait it moves, at
the same time. Dragging posts the appointment's own move form, so the move is checked like any other."""

from __future__ import annotations

from datetime import date, time, timedelta
from pathlib import Path

import pytest
from clinic_builders import booked, client_of, clinic, clinic_intake, member, today
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer
from test_clinic_browser import log_in
from web_builders import PASSWORD

from mesoplan.web.clinic.models import Appointment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DESKTOP = {"width": 1280, "height": 900}
PEEL_WAIT = 28  # the shipped wait after a medium peel (4 weeks)


def _wait_ending_on_a_wednesday() -> date:
    """The peel's day that makes the wait end on a Wednesday at least a week ahead (so the week shows the day
    before it ends and the days after)."""
    ends = next(today() + timedelta(days=n) for n in range(8, 15) if (today() + timedelta(days=n)).weekday() == 2)
    return ends - timedelta(days=PEEL_WAIT)


def test_the_front_desk_drags_an_appointment_to_another_day_and_the_gate_refuses_a_day_inside_a_wait(
        live_server: LiveServer, page: Page, artifacts: Path) -> None:
    org = clinic("Clinique du Parc", location="Rue des Lilas")
    dora, fred = member(org, "practitioner", "dora"), member(org, "front_desk", "fred")
    fred.set_password(PASSWORD)
    fred.save()
    peel = _wait_ending_on_a_wednesday()
    lea = client_of(org, "Léa Morel", by=dora,
                    intake=clinic_intake(procedures=[{"id": "chemical_peel_medium", "date": peel.isoformat()}]))
    ends = lea.earliest_start
    assert ends is not None and ends.weekday() == 2, ends
    visit = booked(lea, dora, day=ends + timedelta(days=1), at=time(10, 30))  # Thursday

    page.set_viewport_size(DESKTOP)
    log_in(page, live_server.url, fred)
    calendar = f"{live_server.url}/clinic/org/{org.pk}/calendar/?span=week&day={ends.isoformat()}"
    page.goto(calendar)
    expect(page.locator("#calendar-drag-help")).to_be_visible()
    card = page.locator(f'a.appointment[href="/clinic/appointments/{visit.pk}/"]')
    card.drag_to(page.locator(f"#day-{(ends - timedelta(days=1)).isoformat()}"))  # Tuesday: inside the wait
    expect(page.locator("#booking-refused")).to_contain_text("Not before")
    page.screenshot(path=artifacts / "calendar-drag-refused.png", full_page=True)
    assert timezone.localtime(Appointment.objects.get(pk=visit.pk).start).date() == ends + timedelta(days=1)

    page.goto(calendar)
    page.screenshot(path=artifacts / "calendar-drag-week.png", full_page=True)
    card.drag_to(page.locator(f"#day-{(ends + timedelta(days=2)).isoformat()}"))  # Friday
    expect(page.get_by_text("Appointment moved.")).to_be_visible()
    start = timezone.localtime(Appointment.objects.get(pk=visit.pk).start)
    assert (start.date(), start.time()) == (ends + timedelta(days=2), time(10, 30))
