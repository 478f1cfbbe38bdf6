"""In Debian's Chromium: a clinic's admin opens the policy page from the dashboard, is refused a wait
outside the knowledge base's range, previews whom a longer isotretinoin wait reaches, saves it, and
sees the client whose answer changed on the dashboard."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from clinic_builders import client_of, clinic, clinic_intake, member, today
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer
from test_clinic_browser import log_in
from web_builders import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# The queued re-screen runs at once here; test_clinic_rescreen_worker runs it with a real worker.
@pytest.mark.usefixtures("immediate_tasks")
def test_an_admin_sets_a_longer_isotretinoin_wait_and_sees_whom_it_changed(
        live_server: LiveServer, page: Page, artifacts: Path) -> None:
    org = clinic("Clinique du Parc")
    claire = member(org, "admin", "claire")
    claire.set_password(PASSWORD)
    claire.save()
    stopped = (today() - timedelta(days=213)).isoformat()  # 7 months ago: over under 6 months, not under 9
    client_of(org, "Ana Silva", intake=clinic_intake(medications=[{"id": "isotretinoin", "stopped": stopped}]))
    client_of(org, "Béa Roy")

    page.set_viewport_size({"width": 1200, "height": 950})
    log_in(page, live_server.url, claire)
    page.goto(f"{live_server.url}/clinic/")
    page.get_by_role("link", name="Policy of Clinique du Parc").click()
    wait = page.locator("#id_w_isotretinoin_washout")
    expect(page.locator("#field-w_isotretinoin_washout")).to_contain_text("Allowed: 3 months to 12 months.")

    wait.fill("2")
    page.get_by_role("button", name="Save the policy and screen again").click()
    expect(page.locator("#field-w_isotretinoin_washout .errorlist")).to_contain_text(
        "choose from 3 months to 12 months")
    page.locator("#field-w_isotretinoin_washout").scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "clinic-policy-refused.png")

    page.locator("#id_w_isotretinoin_washout").fill("9")
    page.get_by_role("button", name="Preview whom it reaches").click()
    expect(page.locator("#preview")).to_contain_text("This change reaches 1 of 2 clients.")
    page.screenshot(path=artifacts / "clinic-policy-preview.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=artifacts / "clinic-policy-preview-phone.png")

    page.get_by_role("button", name="Save the policy and screen again").click()
    expect(page.get_by_text("Re-screen queued")).to_be_visible()
    page.get_by_role("link", name="Dashboard").click()
    expect(page.locator("#rescreens")).to_contain_text("Ana Silva")  # before → after, with its reasons
    expect(page.locator("#changed")).to_contain_text("Ana Silva")
    expect(page.locator("#changed")).not_to_contain_text("Béa Roy")
    page.screenshot(path=artifacts / "clinic-policy-dashboard-phone.png", full_page=True)
