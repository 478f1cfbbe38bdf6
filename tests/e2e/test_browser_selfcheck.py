"""In Debian's Chromium: a new visitor completes the self-check and downloads the calendar file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import icalendar
import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from mesoplan.web.front.zonemap import VIEWS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LABEL_AT = {s.zone: (view, s.label_at) for view, shapes, _outline in VIEWS for s in shapes}


def zone_point(page: Page, zone: str) -> tuple[str, float, float]:
    """Where a zone's label point (inside the shape by construction, see test below) is on the page's
    drawing: the view, and x, y in pixels from the drawing's corner (read through its viewBox)."""
    view, (x, y) = LABEL_AT[zone]
    svg = page.locator(f'svg.zone-map[data-view="{view}"]')
    box = svg.bounding_box()
    assert box is not None
    left, top, width, height = (float(v) for v in (svg.get_attribute("viewBox") or "").split())
    return view, (x - left) * box["width"] / width, (y - top) * box["height"] / height


def click_zone(page: Page, zone: str) -> None:
    """Click a zone on the drawing, at its label point."""
    view, x, y = zone_point(page, zone)
    page.locator(f'svg.zone-map[data-view="{view}"]').click(position={"x": x, "y": y})


def test_every_zone_can_be_chosen_by_clicking_the_drawing(live_server: LiveServer, page: Page) -> None:
    page.goto(f"{live_server.url}/check/")
    for zone in LABEL_AT:
        click_zone(page, zone)
        expect(page.locator(f'input[name="zones"][value="{zone}"]')).to_be_checked()
    click_zone(page, "nose")
    expect(page.locator('input[name="zones"][value="nose"]')).not_to_be_checked()


def test_a_visitor_completes_the_self_check_and_downloads_the_calendar(
        live_server: LiveServer, page: Page, artifacts: Path) -> None:
    page.set_viewport_size({"width": 1200, "height": 900})
    page.goto(live_server.url)
    page.get_by_role("link", name="Start the self-check").click()
    expect(page.get_by_role("heading", name="Self-check")).to_be_visible()

    page.get_by_label("I will, at home").check()
    page.get_by_label("When would you like the first session?").fill("2026-12-01")
    click_zone(page, "forehead")
    click_zone(page, "cheeks")
    page.get_by_label("Fine lines").check()
    page.get_by_label("Age", exact=True).fill("34")

    page.locator("#id_conditions-0-id").select_option("common_cold")
    expect(page.locator("#rows-conditions .explain").first).to_contain_text("Cold:")  # explained by htmx
    page.locator("#id_conditions-0-until").fill("2026-11-28")
    page.locator("#rows-medications").get_by_role("button", name="Add another").click()
    expect(page.locator("#id_medications-1-id")).to_be_visible()  # htmx swapped in a second row
    page.locator("#id_medications-0-id").select_option("isotretinoin")
    page.locator("#id_medications-0-stopped").fill("2026-08-01")
    page.get_by_label("Device", exact=True).select_option("dermaroller")
    page.get_by_label("Needle length (mm)").fill("0.5")
    page.get_by_text("Serums you plan to use").click()  # the list is folded until opened
    page.locator("#field-serums").get_by_label("Hyaluronic acid").check()
    page.screenshot(path=artifacts / "selfcheck-form.png", full_page=True)

    page.get_by_role("button", name="See my answer").click()
    expect(page).to_have_url(f"{live_server.url}/check/answer/")
    headline = page.locator(".verdict h1")
    expect(headline).to_have_text("Not yet — wait until 1 February 2027")
    expect(page.locator(".verdict .doctor-line")).to_contain_text("it does not replace a doctor")
    expect(page.locator('g.zone.verdict-postpone[data-zone="cheeks"]')).to_have_count(1)
    glance = page.locator("#plan-summary")
    expect(glance.locator("#plan-next li")).to_have_count(3)
    expect(glance.locator("#plan-sessions")).to_contain_text("Session 1 of 8")
    expect(glance.locator("#plan-buy")).to_contain_text("Serum: Hyaluronic acid.")
    page.screenshot(path=artifacts / "selfcheck-answer.png", full_page=True)

    page.get_by_role("link", name="The whole plan, day by day").click()  # the details, a page of their own
    expect(page).to_have_url(f"{live_server.url}/check/answer/plan/")
    later = page.locator("#plan-timeline li.session details").last  # the last session, after the third
    expect(later.locator(".entry").first).not_to_be_visible()  # folded
    later.locator("summary").click()
    expect(later.locator(".entry").first).to_be_visible()
    page.screenshot(path=artifacts / "selfcheck-plan-days.png", full_page=True)
    page.get_by_role("link", name="Back to the answer").click()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to my calendar (.ics)").click()
    download = download_info.value
    saved = artifacts / "selfcheck-plan.ics"
    download.save_as(saved)
    calendar = icalendar.Calendar.from_ical(saved.read_bytes())
    sessions = sorted(e.decoded("dtstart") for e in calendar.walk("VEVENT") if "Session 1" in str(e["summary"]))
    assert sessions and sessions[0] == date(2027, 2, 1)


def test_the_answer_reads_well_on_a_phone(live_server: LiveServer, browser: Browser, artifacts: Path) -> None:
    phone = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    page = phone.new_page()
    page.goto(f"{live_server.url}/check/")
    page.get_by_label("When would you like the first session?").fill("2026-12-01")
    page.locator("#field-zones").get_by_label("Around the eyes").check()
    page.locator("#field-zones").get_by_label("Around the mouth").check()
    page.get_by_label("Device", exact=True).select_option("derma_pen")
    page.get_by_label("Needle length (mm)").fill("0.25")
    page.screenshot(path=artifacts / "phone-form.png", full_page=False)
    page.get_by_role("button", name="See my answer").click()
    expect(page.locator(".verdict h1")).to_have_text("Go ahead")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing forces sideways scrolling
    page.screenshot(path=artifacts / "phone-answer.png", full_page=True)
    # the plan at a glance is on the first screens, not after the whole course
    assert page.locator("#plan-summary").bounding_box()["y"] < 844  # type: ignore[index]
    page.get_by_role("link", name="The whole plan, day by day").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=artifacts / "phone-plan-days.png", full_page=True)
    phone.close()


def test_the_self_check_works_without_javascript(live_server: LiveServer, browser: Browser, artifacts: Path) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/check/")
    page.get_by_label("When would you like the first session?").fill("2026-12-01")
    page.locator("#field-zones").get_by_label("Forehead").check()
    page.locator("#rows-procedures").get_by_role("button", name="Add another").click()  # a full page round trip
    expect(page.locator("#id_procedures-1-id")).to_be_visible()
    page.locator("#id_procedures-0-id").select_option("botulinum_toxin")
    page.locator("#id_procedures-0-date").fill("2026-11-25")
    page.get_by_label("Age", exact=True).fill("250")
    page.get_by_role("button", name="See my answer").click()
    expect(page.locator("#field-age .errorlist")).to_have_text("enter a whole number from 0 to 120")
    page.locator("#field-age").screenshot(path=artifacts / "nojs-error-by-field.png")
    page.get_by_label("Age", exact=True).fill("40")
    page.get_by_role("button", name="See my answer").click()
    expect(page.locator(".verdict h1")).to_have_text("Not yet — wait until 9 December 2026")
    context.close()
