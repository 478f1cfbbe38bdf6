"""In Debian's Chromium, on a desktop and a phone: a home user whose saved check says wait (the isotretinoin
wash-out) logs a session anyway; it is kept, and the diary says at once that the check did not allow it."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer
from web_builders import PASSWORD, person, saved_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [{"width": 1200, "height": 900}, {"width": 390, "height": 844}],
                         ids=["desktop", "phone"])
def test_a_session_logged_during_a_wait_is_kept_and_alerted(live_server: LiveServer, page: Page, artifacts: Path,
                                                            viewport: dict[str, int]) -> None:
    today = timezone.localdate()
    nina = person("nina", PASSWORD)
    saved_check(nina, medications=[{"id": "isotretinoin", "stopped": (today - timedelta(days=60)).isoformat()}])
    name = "desktop" if viewport["width"] > 600 else "phone"

    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/account/login/")
    page.get_by_label("Username").fill("nina")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/diary/")
    page.get_by_role("link", name="Log a session").first.click()
    page.get_by_label("Date").fill(today.isoformat())
    page.get_by_label("At home").check()
    page.locator("#field-zones").get_by_label("Forehead").check()
    page.get_by_label("Needle length (mm)").fill("0.25")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved.")).to_be_visible()

    alert = page.locator('[data-kind="session_not_allowed"]')
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("Your saved check did not allow this session")
    expect(alert).to_contain_text("isotretinoin")
    expect(page.locator(".timeline")).to_contain_text("Home session")  # kept, never refused
    alert.scroll_into_view_if_needed()
    page.screenshot(path=artifacts / f"diary-gate-alert-{name}.png", full_page=True)
