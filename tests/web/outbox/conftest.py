"""Fixtures of the outbox tests: a real SMTP server, and a real worker on the test's database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from worker_env import Mailbox, smtp_server, worker_database


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    with smtp_server() as box:
        yield box


@pytest.fixture
def worker_env(tmp_path: Path, mailbox: Mailbox) -> Iterator[dict[str, str]]:
    """The environment of `mesoplan worker` on the test database, sending to `mailbox`, looking for
    due messages every 0.2 s; the test adds MESOPLAN_FIXED_NOW."""
    with worker_database(tmp_path) as env:
        yield {**env, **mailbox.smtp_env(), "MESOPLAN_OUTBOX_PERIOD_SECONDS": "0.2"}
