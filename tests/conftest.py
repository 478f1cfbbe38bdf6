"""Shared test setup: Django through pytest-django, and Playwright on Debian's Chromium.

Playwright's own browser download does not work on these machines, so the
browser tests launch /usr/bin/chromium. Sync Playwright runs an event loop in
the test thread, which Django would take for async code touching the
database: DJANGO_ALLOW_ASYNC_UNSAFE tells it this is the test process.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

import profiles
from migrated import MigratedSqlite

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
profiles.load()  # HYPOTHESIS_PROFILE: ci (the default) or dev (tests/profiles.py)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright's launch options, pointed at Debian's Chromium."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """The folder for screenshots and downloads (gitignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(autouse=True, scope="session")
def _api_throttle_off() -> None:
    """The anonymous API's throttle is off while tests call it hundreds of times from one address;
    its own tests (tests/web/api/test_api_throttle.py) switch it on with a small rate."""
    from django.conf import settings

    settings.MESOPLAN_API_ANON_RATE = "off"


@pytest.fixture(autouse=True, scope="session")
def _media_in_tmp(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Uploaded photos go to a temporary folder, never to the developer's data folder."""
    from django.conf import settings

    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> MigratedSqlite:
    """A SQLite database migrated once per run (on first use), copied into the data folders of the processes
    tests start: each starts from its own copy, so no test sees another's rows (tests/migrated.py)."""
    return MigratedSqlite(tmp_path_factory.mktemp("migrated"))
