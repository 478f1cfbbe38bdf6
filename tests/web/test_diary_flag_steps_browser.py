"""In Debian's Chromium, on a desktop and a phone: a home user logs a severe reaction, sees the warning sign
and the next session on hold on their home page, records the doctor's visit (the sign still holds sessions
back: a doctor's look is not enough for it), then records that a doctor closed it, and the next session is
allowed again."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer
from web_builders import PASSWORD, person, saved_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [{"width": 1200, "height": 900}, {"width": 390, "height": 844}],
                         ids=["desktop", "phone"])
def test_a_red_flag_holds_the_next_session_until_it_is_resolved(live_server: LiveServer, page: Page,
                                                                 artifacts: Path, viewport: dict[str, int]) -> None:
    today = timezone.localdate().isoformat()
    nina = person("nina", PASSWORD)
    saved_check(nina)  # sessions planned from a week ahead
    name = "desktop" if viewport["width"] > 600 else "phone"

    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/account/login/")
    page.get_by_label("Username").fill("nina")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/diary/reactions/new/")
    page.get_by_label("What do you notice?").select_option("infection_signs")
    page.get_by_label("5 — severe").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved.")).to_be_visible()

    page.goto(f"{live_server.url}/")
    card = page.locator("#warning-signs .flag-card")
    expect(card).to_have_attribute("data-status", "open")
    expect(card).to_contain_text("See a doctor today")
    expect(page.locator("#next-session")).to_contain_text("On hold")
    page.screenshot(path=artifacts / f"flag-open-home-{name}.png", full_page=True)

    card.get_by_role("link", name="A doctor saw it").click()
    page.get_by_label("Day the doctor saw it").fill(today)
    page.get_by_label("What the doctor said").fill("Antibiotic cream for a week; come back if it spreads.")
    page.screenshot(path=artifacts / f"flag-seen-form-{name}.png", full_page=True)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved: a doctor saw this warning sign.")).to_be_visible()
    expect(card).to_have_attribute("data-status", "seen")
    expect(card).to_contain_text("Antibiotic cream for a week")
    expect(page.locator("#next-session")).to_contain_text("On hold")  # a doctor's look is not enough for this sign
    page.screenshot(path=artifacts / f"flag-seen-home-{name}.png", full_page=True)
    page.goto(f"{live_server.url}/diary/reactions/")
    expect(page.locator("td.flag-cell")).to_contain_text("A doctor saw it on")
    page.screenshot(path=artifacts / f"flag-seen-list-{name}.png", full_page=True)
    page.goto(f"{live_server.url}/")

    card.get_by_role("link", name="Resolved").click()
    page.get_by_label("Day it was closed").fill(today)
    page.get_by_label("Who closed it (the doctor's or practitioner's name)").fill("Dr Marie Curie")
    page.get_by_label("Their advice").fill("Healed; sessions may start again.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved: this warning sign is closed.")).to_be_visible()
    expect(page.locator("#warning-signs")).to_have_count(0)
    expect(page.locator("#next-session")).not_to_contain_text("On hold")
    expect(page.locator("#next-session")).to_contain_text("Session 1 of")
    page.screenshot(path=artifacts / f"flag-resolved-home-{name}.png", full_page=True)

    page.goto(f"{live_server.url}/diary/reactions/")
    expect(page.locator("td.flag-cell")).to_contain_text("by Dr Marie Curie")
    page.screenshot(path=artifacts / f"flag-resolved-list-{name}.png", full_page=True)
