"""In Debian's Chromium: a practitioner charts a session on the zone map, the client signs the consent from
her own account, and the practitioner signs the session, which can then only be amended."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from clinic_builders import client_of, clinic, clinic_intake, member, published
from django.contrib.auth.models import User
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer
from web_builders import PASSWORD, person

from e2e.test_browser_selfcheck import click_zone
from mesoplan.web.clinic.models import Client

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page: Page, url: str, user: User) -> None:
    page.goto(f"{url}/account/login/")
    page.get_by_label("Username").fill(user.get_username())
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def chart_zone(page: Page, zone: str, needle_mm: str, passes: str, device: str = "professional_pen") -> None:
    """On the charting form: choose the zone with its checkbox, bring its row, fill device, needle and passes."""
    page.locator(f'input[name="zones"][value="{zone}"]').check(force=True)
    page.locator("#refresh-rows").click()
    page.locator(f"#id_zone-{zone}-device_kind").select_option(device)
    page.locator(f"#id_zone-{zone}-needle_mm").fill(needle_mm)
    page.locator(f"#id_zone-{zone}-passes").fill(passes)


def test_chart_on_the_map_consent_from_the_clients_account_then_sign(
        live_server: LiveServer, page: Page, browser: Browser, artifacts: Path, tmp_path: Path) -> None:
    org = clinic("Clinique du Parc", location="Rue des Lilas")
    admin = member(org, "admin", "claire")
    dora = member(org, "practitioner", "dora", first_name="Dora", last_name="Lee")
    dora.set_password(PASSWORD)
    dora.save()
    published(org, admin, text="Microneedling makes tiny wounds in the skin.\n\nRedness for two or three days "
                                "is expected. Tell us at once about pus, spreading redness or fever.")
    ana = person("ana", PASSWORD)
    maria = client_of(org, "Ana Silva", by=dora, user=ana,
                      intake=clinic_intake(allergies=["lidocaine"], zones=["forehead", "cheeks", "chin"]))
    expiry = timezone.localdate() + timedelta(days=300)

    page.set_viewport_size({"width": 1200, "height": 950})
    log_in(page, live_server.url, dora)
    page.goto(f"{live_server.url}/clinic/clients/")
    page.get_by_role("link", name="Ana Silva").click()
    page.get_by_role("link", name="Chart a session").click()
    expect(page.locator("#anaesthetic-warning")).to_contain_text("allergic to lidocaine")
    for zone in ("forehead", "cheeks"):
        click_zone(page, zone)
        expect(page.locator(f"#row-{zone}")).to_be_visible()  # htmx brought the zone's row
    page.locator("#id_zone-forehead-device_kind").select_option("professional_pen")
    page.locator("#id_zone-forehead-needle_mm").fill("0.5")
    page.locator("#id_zone-forehead-passes").fill("3")
    page.locator("#id_zone-cheeks-device_kind").select_option("professional_pen")
    page.locator("#id_zone-cheeks-needle_mm").fill("1")
    page.locator("#id_zone-cheeks-passes").fill("4")
    page.locator("#id_products-0-ingredient").select_option("hyaluronic_acid")
    page.locator("#id_products-0-product_name").fill("Hyalu 2 %")
    page.locator("#id_products-0-lot").fill("HA-2291")
    page.locator("#id_products-0-expiry").fill(expiry.isoformat())
    page.get_by_label("Anaesthetic").fill("none (lidocaine allergy)")
    page.get_by_label("Notes").fill("Tolerated well; pinpoint bleeding on the cheeks.")
    before = tmp_path / "before.jpg"
    Image.new("RGB", (480, 360), (196, 140, 120)).save(before, "JPEG")
    page.get_by_label("Before photo").set_input_files(before)
    page.screenshot(path=artifacts / "clinic-chart-form.png", full_page=True)
    page.get_by_role("button", name="Save the session").click()
    expect(page.get_by_text("Session saved.")).to_be_visible()
    expect(page.locator("#charted")).to_contain_text("HA-2291")
    expect(page.locator("#photos img")).to_have_count(1)
    page.wait_for_function("() => document.querySelector('#photos img').complete")  # loaded, or broken
    assert page.locator("#photos img").evaluate("i => i.naturalWidth") == 480

    page.locator("#sign").click()  # no consent yet: refused
    expect(page.locator(".message.error")).to_contain_text("has not signed the current consent")
    page.screenshot(path=artifacts / "clinic-sign-refused.png", full_page=True)

    client_page = browser.new_page(viewport={"width": 900, "height": 900})
    log_in(client_page, live_server.url, ana)
    client_page.goto(f"{live_server.url}/clinic/me/")
    client_page.get_by_role("link", name="Read and sign").click()
    expect(client_page.locator("#consent-text")).to_contain_text("tiny wounds")
    client_page.get_by_label("I have read this text and I agree to it.").check()
    client_page.get_by_label("Full name, as signature").fill("Ana Silva")
    client_page.screenshot(path=artifacts / "clinic-consent.png", full_page=True)
    client_page.get_by_role("button", name="Sign").click()
    expect(client_page.get_by_text("Consent signed.")).to_be_visible()

    page.reload()
    # The lidocaine allergy asks a doctor to clear the client (a consult): the gate says so beside the
    # Sign button, and the session is signed once the clearance is recorded.
    expect(page.locator("#gate")).to_contain_text("lidocaine")
    session_url = page.url
    page.locator("#clearance-needed").get_by_role("link", name="Record the clearance").click()
    page.get_by_label("Cleared by (full name)").fill("Dr Anne Petit")
    page.get_by_label("Their role").select_option("dermatologist")
    page.get_by_label("Note (what was cleared, any condition)").fill("No lidocaine; topical cold only.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Clearance recorded.")).to_be_visible()
    page.goto(session_url)
    page.locator("#sign").click()
    expect(page.get_by_text("Session signed.")).to_be_visible()
    expect(page.locator("h1 .badge")).to_have_text("signed")
    expect(page.get_by_role("link", name="Change")).to_have_count(0)
    page.get_by_role("link", name="Amend").click()
    page.get_by_label("Amendment").fill("Called on day 2: redness fading.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#amendments")).to_contain_text("redness fading")
    page.screenshot(path=artifacts / "clinic-session-signed.png", full_page=True)

    client_page.goto(f"{live_server.url}/diary/")
    expect(client_page.locator(".timeline")).to_contain_text("Clinic session")
    client_page.close()
    page.goto(f"{live_server.url}/clinic/clients/{maria.pk}/")
    page.screenshot(path=artifacts / "clinic-client.png", full_page=True)
    page.goto(f"{live_server.url}/clinic/")
    page.screenshot(path=artifacts / "clinic-dashboard.png", full_page=True)
    page.set_viewport_size({"width": 820, "height": 1180})  # a tablet, as at the chair
    page.goto(f"{live_server.url}/clinic/clients/{maria.pk}/sessions/new/?repeat=1")
    expect(page.locator("#row-cheeks")).to_be_visible()
    page.screenshot(path=artifacts / "clinic-repeat-tablet.png", full_page=True)
    assert Client.objects.get(pk=maria.pk).sessions.get().is_signed
