"""In Debian's Chromium, on a desktop and on a phone: seven mistakes fixed in one round, the keyboard's
short ways through the form, and the zone map a thumb can use."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer
from test_browser_selfcheck import zone_point

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"viewport": {"width": 1200, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
FIELDS_IN_ERROR = ["id_start", "id_zones_0", "id_age", "id_pregnant", "id_medications-0-stopped",
                   "id_device_needle_mm", "id_device_first_used"]
ANSWER_HEADLINE = {"en": "Not yet — wait until", "fr": "Pas encore — attendez le"}


def in_days(n: int) -> str:
    return (timezone.localdate() + timedelta(days=n)).isoformat()


def make_seven_mistakes(page: Page) -> None:
    page.locator("#id_start").fill("")
    page.locator("#id_age").fill("200")
    page.locator("#id_sex").select_option("male")
    page.locator("#id_pregnant").check()
    page.locator("#id_medications-0-id").select_option("isotretinoin")
    page.locator("#id_medications-0-stopped").fill(in_days(30))
    page.locator("#id_device_kind").select_option("dermaroller")
    page.locator("#id_device_needle_mm").fill("7")
    page.locator("#id_device_first_used").fill(in_days(30))


def fix_the_seven(page: Page) -> None:
    page.locator("#id_start").fill(in_days(14))
    page.locator('input[name="zones"][value="forehead"]').check()
    page.locator("#id_age").fill("40")
    page.locator("#id_pregnant").uncheck()
    page.locator("#id_medications-0-stopped").fill(in_days(-60))
    page.locator("#id_device_needle_mm").fill("0.5")
    page.locator("#id_device_first_used").fill("")


@pytest.mark.parametrize(("device", "language"), [("desktop", "en"), ("phone", "fr")])
def test_seven_mistakes_are_shown_at_once_and_fixed_in_one_round(
        live_server: LiveServer, browser: Browser, artifacts: Path, device: str, language: str) -> None:
    context = browser.new_context(locale=language, **(DESKTOP if device == "desktop" else PHONE))
    page = context.new_page()
    page.goto(f"{live_server.url}/check/")
    make_seven_mistakes(page)
    page.locator('button[name="submit"]').click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()  # read first, wherever the mistakes are
    links = summary.locator("a")
    expect(links).to_have_count(7)
    assert [a.get_attribute("href") for a in links.all()] == [f"#{f}" for f in FIELDS_IN_ERROR]
    if language == "fr":
        expect(summary.locator("h2")).to_have_text("7 réponses à corriger")
        expect(links.nth(2)).to_have_text("Âge\u00a0: saisissez un nombre entier de 0 à 120")
    else:
        expect(summary.locator("h2")).to_have_text("7 answers to correct")
        expect(links.nth(4)).to_have_text("Last dose of Isotretinoin (Roaccutane, Accutane): the date is in the "
                                          "future: enter the day you took the last dose")
    page.screenshot(path=artifacts / f"form-seven-mistakes-{device}-{language}.png", full_page=False)
    links.nth(5).click()
    expect(page.locator("#id_device_needle_mm")).to_be_focused()  # the link takes the focus to the field
    page.screenshot(path=artifacts / f"form-mistake-by-field-{device}-{language}.png", full_page=False)

    fix_the_seven(page)
    page.locator('button[name="submit"]').click()
    expect(page).to_have_url(f"{live_server.url}/check/answer/")
    expect(page.locator(".verdict h1")).to_contain_text(ANSWER_HEADLINE[language])
    context.close()


def tab_presses_to_submit(page: Page, start: str) -> int:
    page.locator(start).focus()
    for presses in range(1, 30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "submit":
            return presses
    return 99


def test_the_submit_button_is_a_few_tab_presses_from_the_last_answers(live_server: LiveServer, page: Page) -> None:
    page.goto(f"{live_server.url}/check/")
    assert tab_presses_to_submit(page, "#id_device_uses") <= 10
    assert tab_presses_to_submit(page, "#id_device_kind") <= 10
    page.locator("#id_device_kind").select_option("dermaroller")
    assert tab_presses_to_submit(page, "#id_device_first_used") <= 10


def test_a_skip_link_passes_the_zone_map_and_its_list(live_server: LiveServer, page: Page) -> None:
    page.goto(f"{live_server.url}/check/")
    page.locator("#id_zones_0").focus()
    page.keyboard.press("Shift+Tab")  # the link comes right before the map and its list
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "goals"


def phone_page(browser: Browser, live_server: LiveServer) -> tuple[Any, Page]:
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/check/")
    return context, page


def test_on_a_phone_a_tap_on_the_centre_of_the_jawline_chooses_the_jawline(
        live_server: LiveServer, browser: Browser) -> None:
    context, page = phone_page(browser, live_server)
    view, x, y = zone_point(page, "jawline")
    box = page.locator(f'svg.zone-map[data-view="{view}"]').bounding_box()
    assert box is not None
    page.touchscreen.tap(box["x"] + x, box["y"] + y)
    expect(page.locator('input[name="zones"][value="jawline"]')).to_be_checked()
    expect(page.locator('input[name="zones"][value="cheeks"]')).not_to_be_checked()
    context.close()


def test_on_a_phone_every_zone_is_named_beside_the_drawing_by_a_tag_a_thumb_can_tap(
        live_server: LiveServer, browser: Browser, artifacts: Path) -> None:
    context, page = phone_page(browser, live_server)
    tags = page.locator("g.tag")
    expect(tags).to_have_count(18)
    for tag in tags.all():
        box = tag.locator("rect").bounding_box()
        assert box is not None and box["width"] >= 44 and box["height"] >= 44, tag.get_attribute("data-zone")
    page.locator('g.tag[data-zone="lips"]').tap()
    expect(page.locator('input[name="zones"][value="lips"]')).to_be_checked()
    lines = page.locator('g.tag[data-zone="glabella"] tspan').all_text_contents()
    assert " ".join(lines) == "Between the eyebrows"
    page.locator(".maps").screenshot(path=artifacts / "phone-zone-map-lips.png")
    context.close()


def fill_of(page: Page, selector: str) -> str:
    return str(page.evaluate(f"getComputedStyle(document.querySelector('{selector}')).fill"))


def test_on_a_phone_a_zone_tapped_twice_looks_like_one_never_chosen(live_server: LiveServer, browser: Browser) -> None:
    """Selected and not selected differ in colour, and a touch leaves no hover colour behind."""
    context, page = phone_page(browser, live_server)
    untouched = fill_of(page, 'g.zone[data-zone="chin"] path')
    nose = page.locator('g.tag[data-zone="nose"]')
    nose.tap()
    selected = fill_of(page, 'g.zone[data-zone="nose"] path')
    assert selected != untouched
    assert fill_of(page, 'g.tag[data-zone="nose"] rect') != fill_of(page, 'g.tag[data-zone="chin"] rect')
    nose.tap()
    expect(page.locator('input[name="zones"][value="nose"]')).not_to_be_checked()
    assert fill_of(page, 'g.zone[data-zone="nose"] path') == untouched
    context.close()
