"""A real `mesoplan worker` process on the test's database, and a real SMTP server on 127.0.0.1.

`worker_database` is the environment such a process needs to reach the test's database: on SQLite
the test's connection moves to a migrated file in the data folder for the test's duration (a process
cannot reach the in-memory test database), a copy of the run's one migrated file (tests/migrated.py)
rather than a migration per test; on PostgreSQL the process uses the test database. The test must
commit its data (`django_db(transaction=True)`).
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from django.db import connections

from migrated import MigratedSqlite
from served import MESOPLAN


@contextmanager
def worker_database(data_dir: Path, migrated: MigratedSqlite) -> Iterator[dict[str, str]]:
    connection = connections["default"]
    env = {**os.environ, "MESOPLAN_DATA": str(data_dir)}
    env.pop("MESOPLAN_SECRET_KEY", None)
    if connection.vendor != "sqlite":
        yield {**env, "MESOPLAN_PG_NAME": str(connection.settings_dict["NAME"])}
        return
    in_memory, name = connection.connection, connection.settings_dict["NAME"]
    connection.connection = None  # kept aside, not closed: closing it would drop the in-memory database
    connection.settings_dict["NAME"] = str(migrated.copy_to(data_dir))
    try:
        yield {**env, "MESOPLAN_DB": "sqlite"}
    finally:
        connection.close()
        connection.settings_dict["NAME"] = name
        connection.connection = in_memory


def start_worker(env: Mapping[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen([MESOPLAN, "worker", "--interval", "0.1"], env=dict(env), text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def stop(worker: subprocess.Popen[str]) -> str:
    """SIGTERM, wait, and what the worker printed."""
    if worker.poll() is None:
        worker.terminate()
        worker.wait(timeout=60)
    return worker.stdout.read() if worker.stdout else ""


def wait_for(condition: Callable[[], Any], worker: subprocess.Popen[str], seconds: float = 120) -> Any:
    """Poll `condition` until it is true (returned) or the worker exits (the test fails with its output)."""
    for _ in range(int(seconds * 10)):
        value = condition()
        if value:
            return value
        if worker.poll() is not None:
            raise AssertionError(f"the worker exited ({worker.returncode}): {stop(worker)}")
        time.sleep(0.1)
    raise AssertionError(f"still waiting after {seconds} s; the worker said: {stop(worker)}")


@dataclass
class Mailbox:
    """What a real SMTP server on 127.0.0.1 received, parsed."""

    port: int
    received: list[EmailMessage] = field(default_factory=list)

    def smtp_env(self) -> dict[str, str]:
        return {"MESOPLAN_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "MESOPLAN_EMAIL_HOST": "127.0.0.1", "MESOPLAN_EMAIL_PORT": str(self.port)}


class _Collect:
    def __init__(self, box: Mailbox) -> None:
        self.box = box

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's name
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.box.received.append(message)
        return "250 Message accepted for delivery"


@contextmanager
def smtp_server() -> Iterator[Mailbox]:
    """An SMTP server (aiosmtpd) on a free port of 127.0.0.1 for the block's duration."""
    from aiosmtpd.controller import Controller

    from served import free_port

    box = Mailbox(port=free_port())
    controller = Controller(_Collect(box), hostname="127.0.0.1", port=box.port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    """A real SMTP server on 127.0.0.1 for the test."""
    with smtp_server() as box:
        yield box


@pytest.fixture
def worker_env(tmp_path: Path, mailbox: Mailbox, migrated_sqlite: MigratedSqlite) -> Iterator[dict[str, str]]:
    """The environment of `mesoplan worker` on the test database, sending to `mailbox`, looking for
    due messages every 0.2 s; the test adds MESOPLAN_FIXED_NOW. Import both fixtures in a conftest."""
    with worker_database(tmp_path, migrated_sqlite) as env:
        yield {**env, **mailbox.smtp_env(), "MESOPLAN_OUTBOX_PERIOD_SECONDS": "0.2"}


def wait_for_mail(box: Mailbox, count: int, seconds: float = 120) -> list[EmailMessage]:
    """The first `count` messages the server received, once they are there."""
    settled(lambda: len(box.received) >= count, f"{count} message(s) at the SMTP server", seconds)
    return box.received[:count]


def settled(condition: Callable[[], Any], what: str, seconds: float = 60) -> Any:
    """Poll `condition` until it is true (returned), for what another process does in its own time: the
    SMTP server receives a mail before the worker commits that it sent it, so what the database says
    about a mail is read once the worker has written it."""
    for _ in range(int(seconds * 10)):
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"still waiting after {seconds} s: {what}")
