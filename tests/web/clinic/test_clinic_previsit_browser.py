"""In Debian's Chromium: the front desk makes the link for a client's own intake on a desktop; the client
opens it on a phone without an account, in French, adds an area and sends it; the practitioner, on a
tablet, sees what changed and accepts it; the link then says it was used."""

from __future__ import annotations

from pathlib import Path

import pytest
from clinic_builders import client_of, clinic, clinic_intake, member
from django.contrib.auth.models import User
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer
from test_clinic_browser import log_in
from web_builders import PASSWORD

from mesoplan.web.clinic.models import Client

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
TABLET = {"width": 820, "height": 1180}


def desk_practitioner_and_camille() -> tuple[User, User, Client]:
    """A clinic's front desk (fred) and practitioner (dora), who log in with PASSWORD, and a French-speaking
    client with an email address and an intake on file (cheeks)."""
    org = clinic("Clinique du Parc", location="Rue des Lilas")
    fred, dora = member(org, "front_desk", "fred"), member(org, "practitioner", "dora")
    for user in (fred, dora):
        user.set_password(PASSWORD)
        user.save()
    camille = client_of(org, "Camille Martin", by=dora, email="camille@example.org", language="fr",
                        intake=clinic_intake(zones=["cheeks"]))
    return fred, dora, camille


def test_the_client_fills_her_intake_on_a_phone_and_the_practitioner_accepts_it_on_a_tablet(
        live_server: LiveServer, page: Page, browser: Browser, artifacts: Path) -> None:
    fred, dora, camille = desk_practitioner_and_camille()

    log_in(page, live_server.url, fred)
    page.goto(f"{live_server.url}/clinic/clients/{camille.pk}/")
    page.get_by_role("button", name="Make a link for the client's own intake").click()
    expect(page.get_by_text("Link made: give it to the client")).to_be_visible()
    link = page.get_by_label("Link for the client").first.input_value()
    assert link.startswith(f"{live_server.url}/clinic/intake/")
    page.screenshot(path=artifacts / "previsit-link-desktop.png", full_page=True)

    phone = browser.new_page(viewport=PHONE)
    phone.goto(link)
    expect(phone.get_by_role("heading", name="Avant votre visite chez Clinique du Parc")).to_be_visible()
    phone.locator('input[name="zones"][value="forehead"]').check(force=True)
    phone.screenshot(path=artifacts / "previsit-form-phone.png", full_page=True)
    phone.get_by_role("button", name="Envoyer au cabinet").click()
    expect(phone.locator("#previsit-sent")).to_contain_text("Merci")
    phone.screenshot(path=artifacts / "previsit-sent-phone.png", full_page=True)

    tablet = browser.new_page(viewport=TABLET)
    log_in(tablet, live_server.url, dora)
    tablet.goto(f"{live_server.url}/clinic/clients/{camille.pk}/")
    review = tablet.locator("#previsit-review")
    expect(review.get_by_role("row", name="Which areas?")).to_contain_text("Forehead")
    review.scroll_into_view_if_needed()
    tablet.screenshot(path=artifacts / "previsit-review-tablet.png", full_page=True)
    review.get_by_role("button", name="Accept: screen and plan with it").click()
    expect(tablet.get_by_text("The client's intake is now on file, screened and planned.")).to_be_visible()
    camille.refresh_from_db()
    assert set(camille.intake["zones"]) == {"forehead", "cheeks"}
    assert Client.objects.get(pk=camille.pk).screened_at is not None

    phone.goto(link)
    expect(phone.locator("#previsit-used")).to_contain_text("déjà été utilisé")
    phone.screenshot(path=artifacts / "previsit-used-phone.png", full_page=True)
    for opened in (phone, tablet):
        opened.close()
