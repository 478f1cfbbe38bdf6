"""In Debian's Chromium: the admin invites a practitioner by email (front desk unless changed), copies the
link; the practitioner opens it on a phone, sets up their account with their credentials, and joins.
Removing a member asks first."""

from __future__ import annotations

from pathlib import Path

import pytest
from clinic_builders import clinic, member
from django.core import mail
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer
from test_clinic_browser import log_in
from web_builders import PASSWORD

from mesoplan.web.clinic.models import Membership, StaffProfile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def test_the_admin_invites_a_practitioner_who_joins_from_a_phone(
        live_server: LiveServer, page: Page, browser: Browser, artifacts: Path) -> None:
    org = clinic("Clinique du Parc", location="Rue des Lilas")
    admin = member(org, "admin", "claire")
    admin.set_password(PASSWORD)
    admin.save()
    front = member(org, "front_desk", "fred")

    log_in(page, live_server.url, admin)
    page.goto(f"{live_server.url}/clinic/org/{org.pk}/")
    expect(page.get_by_label("Role")).to_have_value("front_desk")
    page.get_by_label("Email of the person to invite").fill("nina@example.org")
    page.get_by_label("Role").select_option("practitioner")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("Invitation sent to nina@example.org.")).to_be_visible()
    link = page.locator(".invitation-link").first.input_value()
    assert link.startswith(live_server.url) and link.endswith("/") and link in mail.outbox[-1].body
    page.screenshot(path=artifacts / "staff-invited.png", full_page=True)

    page.get_by_role("row", name="fred").get_by_role("link", name="Remove").click()
    expect(page.locator("#remove-member")).to_contain_text("Remove fred (Front desk) from Clinique du Parc?")
    page.screenshot(path=artifacts / "staff-remove-confirm.png", full_page=True)
    page.get_by_role("link", name="Cancel").click()
    assert Membership.objects.filter(user=front).exists()

    phone = browser.new_page(viewport=PHONE)
    phone.goto(link)
    expect(phone.get_by_role("heading", name="Join Clinique du Parc")).to_be_visible()
    phone.get_by_label("Full name").fill("Nina Roy")
    phone.get_by_label("Professional title").fill("dermatologist")
    phone.get_by_label("Registration number").fill("RPPS 10101")
    phone.get_by_label("Username").fill("nina")
    phone.get_by_label("Password", exact=True).fill(PASSWORD)
    phone.get_by_label("Password confirmation").fill(PASSWORD)
    phone.screenshot(path=artifacts / "staff-invitation-phone.png", full_page=True)
    phone.get_by_role("button", name="Create my account and join").click()
    expect(phone.get_by_text("Welcome to Clinique du Parc.")).to_be_visible()
    phone.screenshot(path=artifacts / "staff-joined-phone.png", full_page=True)
    assert Membership.objects.get(user__username="nina").role == "practitioner"
    assert StaffProfile.objects.get(user__username="nina").registration_number == "RPPS 10101"
    phone.goto(link)
    expect(phone.locator("#invitation-invalid")).to_be_visible()
    phone.close()
