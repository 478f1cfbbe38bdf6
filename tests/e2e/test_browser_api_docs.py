"""In Debian's Chromium with every other host cut off: the API docs page loads and lists the operations."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, expect
from pytest_django.live_server_helper import LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_work_with_no_network_but_this_server(live_server: LiveServer, page: Page,
                                                           artifacts: Path) -> None:
    elsewhere: list[str] = []

    def only_here(route: Route) -> None:
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:  # a CDN, fonts, anything: as if the machine were offline
            elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", only_here)
    page.goto(f"{live_server.url}/api/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("mesoplan")
    expect(page.get_by_text("/api/screen", exact=True)).to_be_visible()
    expect(page.get_by_text("/api/clients/{id}/fhir", exact=True)).to_be_visible()
    page.screenshot(path=str(artifacts / "api-docs.png"), full_page=False)
    assert elsewhere == []
