"""In Debian's Chromium, against `mesoplan serve` as `make run` starts it (gunicorn and its background
worker): an admin presses "Screen every client again" and watches the re-screen go from waiting to
done, then reads the client whose wait moved, before → after."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from clinic_builders import clinic, member
from playwright.sync_api import Page, expect
from rescreen_cases import NINE_MONTHS, waiting_client
from web_builders import PASSWORD

from mesoplan.web.clinic import policies
from mesoplan.web.clinic.models import RescreenChange
from mesoplan.web.front.display import long_date
from served import serving

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def served(worker_database: dict[str, str]) -> Iterator[str]:
    """`mesoplan serve` (with its worker) on the test's database; its base URL."""
    with serving(worker_database, stop_timeout=90) as base:
        yield base


def test_an_admin_rescreens_and_sees_the_moved_wait_before_and_after(
        served: str, page: Page, artifacts: Path) -> None:
    org = clinic("Clinique du Parc", location="Rue des Lilas")
    claire = member(org, "admin", "claire")
    claire.set_password(PASSWORD)
    claire.save()
    rosa = waiting_client(org)
    policies.set_policy(org, NINE_MONTHS, claire)

    page.set_viewport_size({"width": 1200, "height": 950})
    page.goto(f"{served}/account/login/")
    page.get_by_label("Username").fill("claire")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{served}/clinic/")
    page.get_by_role("button", name="Screen every client again").click()
    run = page.locator(f"#rescreen-{org.pk}")
    expect(run).to_be_visible()
    # The page asks for the run's progress until the worker has finished it (htmx, every 2 s).
    expect(run).to_have_attribute("data-status", "done", timeout=120_000)
    change = RescreenChange.objects.get(client=rosa)
    row = run.locator("tr", has_text="Rosa Wait")
    expect(row).to_contain_text(f"{long_date(change.earliest_start_before)} → {long_date(change.earliest_start_after)}")
    expect(row.locator(".reason-added")).to_contain_text("wait 9 months")
    expect(row.locator(".reason-removed")).to_contain_text("wait 6 months")
    expect(run).to_contain_text("1 client checked: 1 changed.")
    # Once done, the whole page is shown again: the client is also in the list of changes to look at.
    expect(page.locator("#changed")).to_contain_text("Rosa Wait")
    page.screenshot(path=str(artifacts / "clinic-rescreen-before-after.png"), full_page=True)
