"""A clinic's day in Debian's Chromium, against `mesoplan serve` with its worker and a real SMTP server on
127.0.0.1 (issue 14's journey, each step as its person does it):

1. the admin (desktop) invites a front desk and a practitioner by email; each joins from the emailed link,
   the front desk on a desktop, the practitioner on a tablet (820 × 1180);
2. the front desk sends Léa the link of her own intake; she answers from the email on her phone, in French;
   the practitioner accepts her answers;
3. the front desk books Léa: an appointment tomorrow, inside the wait after her peel, is refused with its
   reason; the plan's sessions are booked in one step;
4. the practitioner charts Camille's appointment of today from the booking and signs it;
5. the server is started again with the worker's clock at 18:05 the evening before Léa's first session
   (decisions item 2): her reminder arrives, in French; then the admin lengthens the wait after a peel, the
   re-screen runs, and the dashboard flags Léa's first booking, which the screening no longer allows.

Consent signing, the calendar and the re-screen's before → after have journeys of their own
(test_clinic_browser, test_clinic_booking_browser, test_clinic_rescreen_browser); here Camille signed her
consent before the day began.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest
from booking_posts import PEEL_DAYS_AGO
from clinic_builders import booked, client_of, clinic, clinic_intake, member, published, signed_consent, today
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from test_clinic_browser import chart_zone, log_in
from web_builders import PASSWORD

from mesoplan.web.clinic.models import Appointment, ClinicSession
from served import serving
from worker_env import Mailbox, mailbox, settled, wait_for_mail, worker_env  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DESKTOP = {"width": 1280, "height": 900}
TABLET = {"width": 820, "height": 1180}
PHONE = {"width": 390, "height": 844}


def _mail(box: Mailbox, subject_has: str) -> EmailMessage:
    """The first message the server received whose subject has `subject_has`, once it is there."""
    return settled(lambda: next((m for m in box.received if subject_has in str(m["Subject"])), None),
                   f"a message about {subject_has!r}", seconds=120)


def _link(message: EmailMessage, path: str) -> str:
    found = re.search(rf"http://[^/\s]+({path}\S+/)", message.get_content())
    assert found is not None, message.get_content()
    return found.group(1)


def _invite(admin: Page, served: str, organisation: int, email: str, role: str | None) -> None:
    admin.goto(f"{served}/clinic/org/{organisation}/")
    admin.get_by_label("Email of the person to invite").fill(email)
    if role is not None:
        admin.get_by_label("Role").select_option(role)
    admin.get_by_role("button", name="Send the invitation").click()
    expect(admin.get_by_text(f"Invitation sent to {email}.")).to_be_visible()


def _join(page: Page, url: str, full_name: str, username: str, title: str = "") -> None:
    page.goto(url)
    page.get_by_label("Full name").fill(full_name)
    page.get_by_label("Professional title").fill(title)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Create my account and join").click()
    expect(page.get_by_text("Welcome to Clinique du Parc.")).to_be_visible()


def test_a_clinic_day_from_the_invitations_to_the_reminder_and_the_rescreen(
        worker_env: dict[str, str], mailbox: Mailbox, browser: Browser,  # noqa: F811 - the fixtures
        artifacts: Path) -> None:
    org = clinic("Clinique du Parc", location="Rue des Lilas")
    claire = member(org, "admin", "claire")
    claire.set_password(PASSWORD)
    claire.save()
    consent_text = published(org, claire)
    peel = today() - timedelta(days=PEEL_DAYS_AGO)
    lea = client_of(org, "Léa Morel", by=claire, email="lea@example.org", language="fr",
                    intake=clinic_intake(procedures=[{"id": "chemical_peel_medium", "date": peel.isoformat()}]))
    camille = client_of(org, "Camille Martin", by=claire, email="camille@example.org", language="fr")
    signed_consent(camille, consent_text, claire)

    with serving(worker_env, stop_timeout=90) as served:
        admin = browser.new_page(viewport=DESKTOP)
        log_in(admin, served, claire)
        _invite(admin, served, org.pk, "fred@example.org", None)  # the front desk: the default role
        _invite(admin, served, org.pk, "dora@example.org", "practitioner")
        admin.screenshot(path=artifacts / "day-1-invited-desktop.png", full_page=True)
        invitations = {str(m["To"]): m for m in wait_for_mail(mailbox, 2)}
        desk, tablet = browser.new_page(viewport=DESKTOP), browser.new_page(viewport=TABLET)
        _join(desk, served + _link(invitations["fred@example.org"], "/clinic/invitations/"), "Fred Blanc", "fred")
        _join(tablet, served + _link(invitations["dora@example.org"], "/clinic/invitations/"), "Dora Lee", "dora",
              title="dermatologist")
        tablet.screenshot(path=artifacts / "day-1-joined-tablet.png", full_page=True)
        dora = User.objects.get(username="dora")

        desk.goto(f"{served}/clinic/clients/{lea.pk}/")
        desk.get_by_role("button", name="Make a link for the client's own intake").click()
        desk.get_by_role("button", name="Send it by email").click()
        expect(desk.get_by_text("The link is on its way to the client")).to_be_visible()
        intake_mail = _mail(mailbox, "vos réponses avant la visite")
        phone = browser.new_page(viewport=PHONE)
        phone.goto(served + _link(intake_mail, "/clinic/intake/"))
        expect(phone.get_by_role("heading", name="Avant votre visite chez Clinique du Parc")).to_be_visible()
        phone.locator('input[name="zones"][value="neck"]').check(force=True)
        phone.get_by_role("button", name="Envoyer au cabinet").click()
        expect(phone.locator("#previsit-sent")).to_contain_text("Merci")
        phone.screenshot(path=artifacts / "day-2-intake-phone.png", full_page=True)
        tablet.goto(f"{served}/clinic/clients/{lea.pk}/")
        tablet.locator("#previsit-review").get_by_role("button", name="Accept: screen and plan with it").click()
        expect(tablet.get_by_text("The client's intake is now on file, screened and planned.")).to_be_visible()
        tablet.screenshot(path=artifacts / "day-2-accepted-tablet.png", full_page=True)

        lea.refresh_from_db()
        planned = [e.date for e in lea.planned_events.order_by("date")]
        desk.goto(f"{served}/clinic/clients/{lea.pk}/")
        desk.get_by_role("link", name="Book an appointment").click()
        desk.get_by_label("Day").fill((today() + timedelta(days=1)).isoformat())  # inside the wait after the peel
        desk.get_by_label("Time").fill("09:30")
        desk.get_by_label("Practitioner").select_option(str(dora.pk))
        desk.get_by_role("button", name="Save").click()
        refused = desk.locator("#booking-refused")
        expect(refused).to_contain_text("medium peel")
        expect(refused).to_contain_text("Not before")
        desk.screenshot(path=artifacts / "day-3-booking-refused-desktop.png", full_page=True)
        assert not Appointment.objects.filter(client=lea).exists()
        desk.goto(f"{served}/clinic/clients/{lea.pk}/")
        desk.locator("#book-plan").click()
        desk.get_by_label("Time").fill("09:30")
        desk.get_by_label("Practitioner").select_option(str(dora.pk))
        desk.get_by_role("button", name="Book these sessions").click()
        expect(desk.get_by_text(f"{len(planned)} sessions booked.")).to_be_visible()
        desk.screenshot(path=artifacts / "day-3-booked-desktop.png", full_page=True)
        assert Appointment.objects.filter(client=lea).count() == len(planned)

        visit = booked(camille, dora, day=today(), at=time(8))
        tablet.goto(f"{served}/clinic/appointments/{visit.pk}/")
        tablet.locator("#chart-from-booking").click()
        expect(tablet.locator("#from-booking")).to_be_visible()
        chart_zone(tablet, "forehead", "0.5", "3")
        tablet.get_by_role("button", name="Save the session").click()
        expect(tablet.get_by_text("Session saved.")).to_be_visible()
        tablet.locator("#sign").click()
        expect(tablet.get_by_text("Session signed.")).to_be_visible()
        tablet.screenshot(path=artifacts / "day-4-signed-tablet.png", full_page=True)
        session = ClinicSession.objects.get(client=camille)
        assert session.is_signed and session.signed_by_name.startswith("Dora Lee")
        for page in (admin, desk, tablet, phone):
            page.close()

    first = timezone.localtime(Appointment.objects.filter(client=lea).order_by("start").first().start)  # type: ignore[union-attr]
    evening = timezone.make_aware(datetime.combine(first.date() - timedelta(days=1), time(18, 5)))
    with serving({**worker_env, "MESOPLAN_FIXED_NOW": evening.isoformat()}, stop_timeout=90) as served:
        reminder = _mail(mailbox, "à demain")
        assert str(reminder["To"]) == "lea@example.org" and "09:30" in reminder.get_content()

        admin = browser.new_page(viewport=DESKTOP)
        log_in(admin, served, claire)
        admin.goto(f"{served}/clinic/")
        admin.get_by_role("link", name="Policy of Clinique du Parc").click()
        admin.locator("#id_w_chemical_peel_medium_gap").fill("6")  # weeks after a medium peel, not 4
        admin.get_by_role("button", name="Save the policy and screen again").click()
        expect(admin.get_by_text("Re-screen queued")).to_be_visible()
        admin.goto(f"{served}/clinic/")
        expect(admin.locator(f"#rescreen-{org.pk}")).to_have_attribute("data-status", "done", timeout=120_000)
        admin.goto(f"{served}/clinic/")
        flagged = admin.locator("#bookings-too-early")
        expect(flagged).to_contain_text("Léa Morel")
        expect(flagged.locator("li").first).to_contain_text(f"{first.day} {first.strftime('%B')} {first.year}")
        # today's visit, under the practitioner's name as she gave it when she joined
        expect(admin.get_by_role("row", name="Camille Martin").first).to_contain_text("Dora Lee")
        admin.screenshot(path=artifacts / "day-5-flagged-desktop.png", full_page=True)
        admin.close()
