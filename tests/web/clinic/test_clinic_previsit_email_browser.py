"""In Debian's Chromium, against `mesoplan serve` with its worker and a real SMTP server on 127.0.0.1: the front
desk (desktop) makes the link of a client's own intake and sends it by email; the email arrives in the
client's language; the client opens the link from it on a phone, without an account, and sends her answers;
the practitioner (tablet) accepts them. The QR code is there for a client standing at the desk."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from test_clinic_browser import log_in
from test_clinic_previsit_browser import desk_practitioner_and_camille

from mesoplan.web.clinic.models import Client
from served import serving
from worker_env import Mailbox, mailbox, wait_for_mail, worker_env  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
TABLET = {"width": 820, "height": 1180}


def test_the_link_goes_by_email_and_the_client_answers_from_it_on_her_phone(
        worker_env: dict[str, str], mailbox: Mailbox, browser: Browser,  # noqa: F811 - the fixtures
        artifacts: Path) -> None:
    fred, dora, camille = desk_practitioner_and_camille()
    with serving(worker_env, stop_timeout=90) as served:
        desk = browser.new_page(viewport={"width": 1280, "height": 900})
        log_in(desk, served, fred)
        desk.goto(f"{served}/clinic/clients/{camille.pk}/")
        desk.get_by_role("button", name="Make a link for the client's own intake").click()
        desk.get_by_role("button", name="Send it by email").click()
        expect(desk.get_by_text("The link is on its way to the client")).to_be_visible()
        desk.get_by_text("Show it as a QR code, for the client's phone").click()
        expect(desk.locator(".qr-code svg")).to_be_visible()
        assert desk.locator(".qr-code svg").bounding_box()["width"] >= 180  # type: ignore[index] - scannable
        desk.screenshot(path=artifacts / "previsit-email-sent-desktop.png", full_page=True)

        [email] = wait_for_mail(mailbox, 1)
        assert email["To"] == "camille@example.org"
        assert str(email["Subject"]).strip() == "Clinique du Parc\u00a0: vos réponses avant la visite"
        link = re.search(r"http://[^/\s]+(/clinic/intake/\S+/)", email.get_content())
        assert link is not None

        phone = browser.new_page(viewport=PHONE)  # a fresh browser: no account
        phone.goto(served + link.group(1))
        expect(phone.get_by_role("heading", name="Avant votre visite chez Clinique du Parc")).to_be_visible()
        phone.locator('input[name="zones"][value="forehead"]').check(force=True)
        phone.get_by_role("button", name="Envoyer au cabinet").click()
        expect(phone.locator("#previsit-sent")).to_contain_text("Merci")
        phone.screenshot(path=artifacts / "previsit-email-answered-phone.png", full_page=True)

        tablet = browser.new_page(viewport=TABLET)
        log_in(tablet, served, dora)
        tablet.goto(f"{served}/clinic/clients/{camille.pk}/")
        review = tablet.locator("#previsit-review")
        expect(review.get_by_role("row", name="Which areas?")).to_contain_text("Forehead")
        review.get_by_role("button", name="Accept: screen and plan with it").click()
        expect(tablet.get_by_text("The client's intake is now on file, screened and planned.")).to_be_visible()
        expect(tablet.get_by_role("cell", name="Link to the intake").first).to_be_visible()
        tablet.screenshot(path=artifacts / "previsit-email-accepted-tablet.png", full_page=True)
        for opened in (desk, phone, tablet):
            opened.close()
    assert set(Client.objects.get(pk=camille.pk).intake["zones"]) == {"forehead", "cheeks"}
    assert len(mailbox.received) == 1
