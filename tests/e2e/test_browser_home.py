"""In Debian's Chromium, on a desktop and a phone: a visitor signs up from their answer and keeps it;
their home then shows the next session, and puts it on hold when a red flag is open."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from mesoplan.web.front.display import long_date

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long calm passphrase 42"
VIEWPORTS = [{"width": 1200, "height": 900}, {"width": 390, "height": 844}]


def _name(viewport: dict[str, int]) -> str:
    return "desktop" if viewport["width"] > 600 else "phone"


def _fits(page: Page, viewport: dict[str, int]) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=["desktop", "phone"])
def test_signing_up_from_the_answer_keeps_it_and_the_home_shows_the_next_session(
        live_server: LiveServer, page: Page, artifacts: Path, viewport: dict[str, int]) -> None:
    name = _name(viewport)
    start = timezone.localdate() + timedelta(days=14)
    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/check/")
    page.get_by_label("I will, at home").check()
    page.get_by_label("When would you like the first session?").fill(start.isoformat())
    page.locator("#field-zones").get_by_label("Forehead").check()
    page.locator("#field-zones").get_by_label("Cheeks").check()
    page.get_by_label("Device", exact=True).select_option("derma_pen")
    page.get_by_label("Needle length (mm)").fill("0.25")
    page.get_by_role("button", name="See my answer").click()
    expect(page).to_have_url(f"{live_server.url}/check/answer/")

    page.get_by_role("link", name="Create an account").click()
    expect(page.get_by_text("Your answer is saved in your new account as soon as it is created.")).to_be_visible()
    page.get_by_label("Username").fill(f"nina{name}")
    page.get_by_label("Email (to reset your password)").fill("nina@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_text("Your check is saved in your account: this is your plan now.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/check/saved/\d+/$"))

    page.goto(live_server.url)
    next_session = page.locator("#next-session")
    expect(next_session).to_contain_text(f"On {long_date(start)}")
    expect(next_session).to_contain_text("Session 1 of")
    expect(page.locator("#coming li")).to_have_count(3)
    _fits(page, viewport)
    page.screenshot(path=artifacts / f"home-{name}.png", full_page=True)


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=["desktop", "phone"])
def test_the_home_puts_the_next_session_on_hold_while_a_red_flag_is_open(
        live_server: LiveServer, page: Page, artifacts: Path, viewport: dict[str, int]) -> None:
    from web.web_builders import days_ago, person, reaction, saved_check, session

    name = _name(viewport)
    nina = person("nina", PASSWORD)
    saved_check(nina)
    logged = session(nina, date=days_ago(3), outcome=7)
    reaction(nina, session=logged, date=days_ago(1), symptom="infection_signs", severity=3)

    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/account/login/")
    page.get_by_label("Username").fill("nina")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator('.alert.danger[data-kind="red_flag"]')).to_be_visible()
    next_session = page.locator("#next-session")
    expect(next_session).to_contain_text("On hold")
    expect(next_session).to_contain_text("Not allowed")
    expect(page.locator("#progress")).to_contain_text("1 session logged in your diary")
    expect(page.locator("#progress")).to_contain_text("how happy with your skin: 7 of 10")
    _fits(page, viewport)
    page.screenshot(path=artifacts / f"home-on-hold-{name}.png", full_page=True)


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=["desktop", "phone"])
def test_a_person_downloads_all_their_data_then_deletes_their_account(
        live_server: LiveServer, page: Page, artifacts: Path, viewport: dict[str, int]) -> None:
    import zipfile

    from django.contrib.auth.models import User

    from web.web_builders import days_ago, person, photo, saved_check, session

    name = _name(viewport)
    nina = person("nina", PASSWORD)
    saved_check(nina)
    session(nina, date=days_ago(3))
    photo(nina)

    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/account/login/")
    page.get_by_label("Username").fill("nina")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Download or delete my data").click()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download my data (.zip)").click()
    saved = artifacts / f"my-data-{name}.zip"
    download_info.value.save_as(saved)
    names = zipfile.ZipFile(saved).namelist()
    assert "mesoplan-data.json" in names and "fhir-bundle.json" in names
    assert any(n.startswith("photos/") and n.endswith(".jpg") for n in names)

    page.get_by_role("button", name="Delete my account and all my data").click()
    expect(page.locator("#field-understood .errorlist")).to_be_visible()  # nothing deleted unconfirmed
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label("I understand that my account").check()
    _fits(page, viewport)
    page.screenshot(path=artifacts / f"my-data-{name}.png", full_page=True)
    page.get_by_role("button", name="Delete my account and all my data").click()
    expect(page.get_by_text("Your account and all its data are deleted.")).to_be_visible()
    expect(page.get_by_role("link", name="Start the self-check")).to_be_visible()  # a visitor again
    assert not User.objects.filter(username="nina").exists()
