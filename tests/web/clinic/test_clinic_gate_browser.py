"""In Debian's Chromium, on a desktop and a phone: the practitioner tries to chart and sign what the screening
rules out and is refused with the reason beside the button; records a doctor's clearance; then signs."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from clinic_builders import chart, client_of, clinic, clinic_intake, member, published, signed_consent
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer
from test_clinic_browser import chart_zone, log_in
from web_builders import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1200, "height": 950}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_an_unsafe_session_is_refused_and_a_consult_is_signed_after_the_clearance(
        live_server: LiveServer, page: Page, artifacts: Path, viewport: dict[str, int]) -> None:
    org = clinic("Clinique du Parc", location="Rue des Lilas")
    admin = member(org, "admin", "claire")
    dora = member(org, "practitioner", "dora", first_name="Dora", last_name="Lee")
    dora.set_password(PASSWORD)
    dora.save()
    text = published(org, admin)
    today = __import__("django.utils.timezone", fromlist=["localdate"]).localdate()
    peeled = client_of(org, "Léa Morel", by=dora, intake=clinic_intake(
        procedures=[{"id": "chemical_peel", "date": (today - timedelta(days=5)).isoformat()}]))
    diabetic = client_of(org, "Marc Petit", by=dora, intake=clinic_intake(conditions=[{"id": "diabetes_insulin"}]))
    for row in (peeled, diabetic):
        signed_consent(row, text, dora)
    draft = chart(diabetic, dora)
    name = "desktop" if viewport == DESKTOP else "phone"

    page.set_viewport_size(viewport)
    log_in(page, live_server.url, dora)
    page.goto(f"{live_server.url}/clinic/clients/{peeled.pk}/sessions/new/?repeat=")
    chart_zone(page, "forehead", "1.5", "3")
    page.get_by_role("button", name="Save the session").click()
    refused = page.locator("#chart-refused")
    expect(refused).to_contain_text("Not saved: the screening does not allow this session.")
    expect(refused).to_contain_text("a 1.5 mm needle is longer than the 1 mm this zone allows")
    expect(refused).to_contain_text("The depth of the peel is not known")
    refused.scroll_into_view_if_needed()
    page.screenshot(path=artifacts / f"gate-chart-refused-{name}.png", full_page=False)
    assert not peeled.sessions.exists()

    page.goto(f"{live_server.url}/clinic/sessions/{draft.pk}/")
    expect(page.locator("#gate")).to_contain_text("Needs a recorded clearance")
    page.locator("#sign").click()
    expect(page.locator(".message.error")).to_contain_text("Signing refused")
    page.screenshot(path=artifacts / f"gate-sign-refused-{name}.png", full_page=True)

    page.locator("#clearance-needed").get_by_role("link", name="Record the clearance").click()
    expect(page.locator("#to-clear")).to_contain_text("insulin")
    page.get_by_label("Cleared by (full name)").fill("Dr Anne Petit")
    page.get_by_label("Their role").select_option("doctor")
    page.get_by_label("Note (what was cleared, any condition)").fill("Diabetes well controlled; cleared.")
    page.screenshot(path=artifacts / f"gate-clearance-form-{name}.png", full_page=True)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Clearance recorded.")).to_be_visible()
    expect(page.locator("#clearance-recorded")).to_contain_text("Dr Anne Petit")

    page.goto(f"{live_server.url}/clinic/sessions/{draft.pk}/")
    expect(page.locator("#clearance-used")).to_contain_text("Dr Anne Petit")
    page.locator("#sign").click()
    expect(page.get_by_text("Session signed.")).to_be_visible()
    page.screenshot(path=artifacts / f"gate-signed-{name}.png", full_page=True)
    draft.refresh_from_db()
    assert draft.is_signed and draft.clearance is not None
