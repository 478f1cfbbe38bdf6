"""In Debian's Chromium, on a desktop and a phone: a practitioner books a client's course in one step; the
session the gate refuses (a wait the clinic lengthened since the plan was made) refuses the whole step with
its reason; moved after the wait, the course is booked, shows in the calendar, and opens the chart."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from booking_posts import peeled_client
from clinic_builders import clinic, member, today
from clinic_world import Side
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer
from test_clinic_appointments import FORTY_DAYS_AFTER_A_PEEL
from test_clinic_browser import log_in
from web_builders import PASSWORD

from mesoplan.web.clinic import policies
from mesoplan.web.clinic.models import Appointment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1200, "height": 950}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_practitioner_books_a_course_and_the_gate_refuses_the_session_inside_a_wait(
        live_server: LiveServer, page: Page, artifacts: Path, viewport: dict[str, int]) -> None:
    org = clinic("Clinique du Parc", location="Rue des Lilas")
    admin = member(org, "admin", "claire")
    dora = member(org, "practitioner", "dora", first_name="Dora", last_name="Lee")
    dora.set_password(PASSWORD)
    dora.save()
    side = Side(org, admin, dora, admin, None, None, None, None, None)  # type: ignore[arg-type]
    row = peeled_client(side, "Léa Morel")
    planned = [e.date for e in row.planned_events.order_by("date")]
    policies.set_policy(org, FORTY_DAYS_AFTER_A_PEEL, admin)  # the re-screen has not run yet
    name = "desktop" if viewport == DESKTOP else "phone"

    page.set_viewport_size(viewport)
    log_in(page, live_server.url, dora)
    page.goto(f"{live_server.url}/clinic/clients/{row.pk}/")
    page.locator("#book-plan").click()
    expect(page.locator("#plan-book")).to_be_visible()
    page.get_by_label("Time").fill("09:30")
    page.get_by_role("button", name="Book these sessions").click()
    refused = page.locator("#booking-refused")
    expect(refused).to_contain_text("Nothing was booked")
    expect(refused).to_contain_text("medium peel")
    expect(refused).to_contain_text("Not before")
    expect(refused.locator(".refusal")).to_have_count(1)
    page.screenshot(path=artifacts / f"booking-refused-{name}.png", full_page=True)
    assert not Appointment.objects.filter(client=row).exists()

    after_the_wait = planned[0] + timedelta(days=12)  # day 40 after the peel
    page.locator("#id_day_0").fill(after_the_wait.isoformat())
    page.get_by_role("button", name="Book these sessions").click()
    expect(page.get_by_text(f"{len(planned)} sessions booked.")).to_be_visible()
    expect(page.locator("#appointments")).to_contain_text("09:30")
    page.screenshot(path=artifacts / f"booking-client-{name}.png", full_page=True)
    assert Appointment.objects.filter(client=row).count() == len(planned)

    page.goto(f"{live_server.url}/clinic/org/{org.pk}/calendar/?span=week&day={after_the_wait.isoformat()}"
              f"&practitioner={dora.pk}")
    day = page.locator(f"#day-{after_the_wait.isoformat()}")
    expect(day).to_contain_text("Léa Morel")
    expect(day).to_contain_text("09:30–10:30")
    page.screenshot(path=artifacts / f"booking-calendar-week-{name}.png", full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], "the week fits the screen without scrolling sideways"

    day.get_by_role("link", name="Léa Morel").click()
    expect(page.locator("#appointment")).to_contain_text("Dora Lee")
    page.locator("#chart-from-booking").click()
    expect(page.locator("#from-booking")).to_be_visible()
    expect(page.locator("#id_date")).to_have_value(after_the_wait.isoformat())
    page.screenshot(path=artifacts / f"booking-chart-{name}.png", full_page=False)
    assert today() < after_the_wait
