"""In Debian's Chromium: a new person signs up, logs a session and a reaction, and sees the alert."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long calm passphrase 42"


def test_a_new_person_logs_a_session_and_a_reaction_and_is_told_to_see_a_doctor(
        live_server: LiveServer, page: Page, artifacts: Path) -> None:
    page.set_viewport_size({"width": 1200, "height": 900})
    page.goto(live_server.url)
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Username").fill("nina")
    page.get_by_label("Email (to reset your password)").fill("nina@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="Hello, nina")).to_be_visible()  # the person's own home
    page.get_by_role("link", name="My diary").click()
    expect(page.get_by_role("heading", name="Your diary")).to_be_visible()
    expect(page.get_by_text("Nothing right now.")).to_be_visible()

    session_day = timezone.localdate() - timedelta(days=3)
    page.get_by_role("link", name="Log a session").first.click()
    page.get_by_label("Date").fill(session_day.isoformat())
    page.get_by_label("At home").check()
    page.locator("#field-zones").get_by_label("Cheeks").check()
    page.locator("#field-zones").get_by_label("Forehead").check()
    page.get_by_label("Needle length (mm)").fill("0.5")
    page.get_by_label("Passes").fill("4")
    page.get_by_label("Serum").select_option("hyaluronic_acid")
    page.get_by_label("How happy are you with your skin today? (1–10)").select_option("6")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    expect(page.locator('[data-kind="session_due"]')).to_be_visible()

    page.get_by_role("link", name="Log a reaction").first.click()
    page.get_by_label("After the session of").select_option(label=f"{session_day.isoformat()} · Forehead, Cheeks")
    page.get_by_label("Or: days after that session").fill("2")
    page.get_by_label("What do you notice?").select_option("infection_signs")
    page.get_by_label("3 — moderate").check()
    page.screenshot(path=artifacts / "diary-reaction-form.png", full_page=True)
    page.get_by_role("button", name="Save").click()

    alert = page.locator('.alert.danger[data-kind="red_flag"]')
    expect(alert).to_be_visible()
    expect(alert.locator(".title")).to_have_text("See a doctor today")
    expect(alert).to_contain_text("Signs of infection: see a doctor today.")
    noticed = session_day + timedelta(days=2)
    expect(alert).to_contain_text(f"logged on {noticed.day} {noticed:%B} {noticed.year}")  # as people write it
    expect(page.locator(".timeline")).to_contain_text("Home session")
    expect(page.locator(".timeline")).to_contain_text("Pus, spreading warmth or redness, fever")
    page.screenshot(path=artifacts / "diary-dashboard.png", full_page=True)

    page.get_by_role("button", name="Log out").click()
    page.goto(f"{live_server.url}/diary/")
    expect(page).to_have_url(f"{live_server.url}/account/login/?next=/diary/")


def test_before_and_after_photos_side_by_side_and_the_progress_chart(
        live_server: LiveServer, page: Page, artifacts: Path, tmp_path: Path) -> None:
    from PIL import Image, ImageDraw

    from web.web_builders import days_ago, person, reaction, session

    nina = person("nina", PASSWORD)
    first = session(nina, date=days_ago(40), outcome=3, zones=["cheeks"])
    session(nina, date=days_ago(30), outcome=5, zones=["cheeks"])
    session(nina, date=days_ago(20), outcome=6, zones=["cheeks"])
    session(nina, date=days_ago(6), outcome=8, zones=["cheeks"])
    reaction(nina, session=first, date=days_ago(39), symptom="redness", severity=2)
    reaction(nina, session=first, date=days_ago(38), symptom="dryness_flaking", severity=1)
    pictures = []
    for name, colour in (("before", (186, 120, 100)), ("after", (214, 168, 150))):
        image = Image.new("RGB", (480, 360), colour)
        ImageDraw.Draw(image).ellipse((140, 60, 340, 300), outline=(90, 60, 50), width=6)
        path = tmp_path / f"{name}.jpg"
        image.save(path, "JPEG")
        pictures.append(path)

    page.set_viewport_size({"width": 1100, "height": 900})
    page.goto(f"{live_server.url}/account/login/")
    page.get_by_label("Username").fill("nina")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    for path, kind, day in ((pictures[0], "before", days_ago(41)), (pictures[1], "after", days_ago(1))):
        page.goto(f"{live_server.url}/diary/photos/new/")
        page.get_by_label("Photo", exact=True).set_input_files(path)
        page.get_by_label("Kind").select_option(kind)
        page.get_by_label("Taken on").fill(day.isoformat())
        page.get_by_label("Area").select_option("cheeks")
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text("Saved.")).to_be_visible()
    page.goto(f"{live_server.url}/diary/progress/")
    expect(page.locator(".compare img")).to_have_count(2)
    expect(page.locator(".chart .dot")).to_have_count(4)
    for img in page.locator(".compare img").all():
        assert img.evaluate("i => i.complete && i.naturalWidth") == 480
    page.screenshot(path=artifacts / "diary-progress.png", full_page=True)


def test_on_a_phone_the_diary_lists_are_cards_with_change_and_delete_in_reach(
        live_server: LiveServer, page: Page, artifacts: Path) -> None:
    from web.web_builders import days_ago, device, person, reaction, session

    nina = person("nina", PASSWORD)
    pen = device(nina, label="Blue pen")
    for n in range(30):
        logged = session(nina, date=days_ago(3 + 7 * n), zones=["forehead", "cheeks", "nose"], device=pen,
                         needle_mm="0.25", outcome=1 + n % 10)
        if n % 3 == 0:
            reaction(nina, session=logged, date=logged.date + timedelta(days=1), symptom="swelling",
                     severity=5 if n == 0 else 2)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/account/login/")
    page.get_by_label("Username").fill("nina")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    for path in ("/diary/sessions/", "/diary/reactions/", "/diary/devices/"):
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing off screen sideways
        for name in ("Change", "Delete"):
            link = page.locator("table.cards tbody tr").first.get_by_role("link", name=name)
            box = link.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, (path, name, box)
            assert box["height"] >= 44  # a finger's target
        page.screenshot(path=artifacts / f"phone-diary-{path.split('/')[2]}.png", full_page=True)
    expect(page.locator(".pager")).to_have_count(0)  # one device: one page
    page.goto(f"{live_server.url}/diary/sessions/")
    expect(page.locator(".pager")).to_contain_text("1 / 2")
    page.goto(f"{live_server.url}/diary/progress/")
    severe = page.locator(".chart .reaction.red_flag")
    expect(severe).to_have_count(1)
    outcome_panel_bottom = page.locator(".chart .axis").first.bounding_box()
    assert outcome_panel_bottom is not None
    assert severe.bounding_box()["y"] > outcome_panel_bottom["y"]  # type: ignore[index]  # below the outcomes
    page.screenshot(path=artifacts / "phone-diary-progress.png", full_page=True)
