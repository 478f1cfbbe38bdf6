"""In Debian's Chromium, against `mesoplan serve` with its worker at a fixed clock and a real SMTP server
on 127.0.0.1: a person turns session reminders on (phone), the reminder arrives in her language, and the
link in it stops them (desktop) without logging in; after that nothing more is sent."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from home_builders import FIRST_SESSION, SECOND_SESSION, planned
from playwright.sync_api import Browser, expect
from web_builders import PASSWORD, person

from mesoplan.web.accounts.models import save_language
from mesoplan.web.outbox.models import CANCELLED, SENT, Message
from served import serving
from worker_env import Mailbox, settled, wait_for_mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reminder_arrives_and_its_link_stops_the_next_ones(
        worker_env: dict[str, str], mailbox: Mailbox, browser: Browser, artifacts: Path) -> None:
    nina = person("nina", PASSWORD)
    save_language(nina, "fr")
    planned(nina)  # sessions on 12 and 19 January 2027
    env = {**worker_env, "MESOPLAN_FIXED_NOW": "2027-01-11T18:05:00+00:00"}
    with serving(env, stop_timeout=90) as served:
        phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
        page = phone.new_page()
        page.goto(f"{served}/account/login/")
        page.get_by_label("Username").fill("nina")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_role("heading", name="Bonjour, nina")).to_be_visible()  # her home, in her language
        page.goto(f"{served}/me/reminders/")
        page.get_by_label("Les séances").check()
        page.get_by_role("button", name="Enregistrer mon choix").click()
        expect(page.locator(".message")).to_contain_text("Rappels en attente d’envoi")
        page.screenshot(path=artifacts / "reminders-phone.png", full_page=True)
        phone.close()

        [email] = wait_for_mail(mailbox, 1)
        assert email["Subject"] == "mesoplan\u00a0: votre séance du 12 janvier 2027"
        settled(lambda: Message.objects.get(kind="home.session", about=FIRST_SESSION).status == SENT,
                "the worker records the first reminder as sent")
        link = re.search(r"http://[^/\s]+(/me/reminders/stop/\S+/)", email.get_content())
        assert link is not None

        desktop = browser.new_context(viewport={"width": 1200, "height": 900})
        page = desktop.new_page()  # a fresh browser: not logged in
        page.goto(served + link.group(1))
        page.get_by_role("button", name="Arrêter ces rappels").click()
        expect(page.get_by_text("C’est fait")).to_be_visible()
        page.screenshot(path=artifacts / "reminders-stopped-desktop.png", full_page=True)
        desktop.close()
    assert Message.objects.get(kind="home.session", about=SECOND_SESSION).status == CANCELLED
    assert len(mailbox.received) == 1
