"""In Debian's Chromium: the self-check (htmx, the zone drawing, the answer) and the API docs work under the
Content-Security-Policy, and the browser reports no violation of it."""

from __future__ import annotations

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect
from pytest_django.live_server_helper import LiveServer
from test_browser_selfcheck import click_zone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _violations(page: Page) -> list[str]:
    found: list[str] = []

    def note(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            found.append(message.text)

    page.on("console", note)
    return found


def test_the_self_check_answers_under_the_policy_without_a_violation(live_server: LiveServer, page: Page) -> None:
    violations = _violations(page)
    response = page.goto(f"{live_server.url}/check/")
    assert response is not None and "script-src 'self'" in response.headers["content-security-policy"]
    page.get_by_label("When would you like the first session?").fill("2030-12-01")
    click_zone(page, "forehead")
    page.get_by_role("button", name="See my answer").click()
    expect(page.get_by_role("heading", name="Your areas, and the needle for each")).to_be_visible()
    assert violations == []


def test_the_api_docs_load_and_try_a_call_under_the_policy_without_a_violation(
        live_server: LiveServer, page: Page) -> None:
    violations = _violations(page)
    page.goto(f"{live_server.url}/api/docs")
    page.get_by_text("/api/screen", exact=True).click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    expect(page.locator(".live-responses-table")).to_be_visible()
    assert violations == []
