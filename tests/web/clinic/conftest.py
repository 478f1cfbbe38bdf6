"""Two clinics, a member of each role, a client with their own account, and a record in each clinic.

Clinic A is "ours": its admin, practitioner and front desk, and Ana, a client of A who
linked her own account. Clinic B is "theirs": its members, and its client
with a signed session, a photo, a consent, a reaction (see `clinic_world`).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from clinic_world import Side, build_side
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connections
from web_builders import person

from mesoplan.web.clinic.models import Client


@pytest.fixture
def ours() -> Side:
    return build_side("a", "")


@pytest.fixture
def theirs() -> Side:
    return build_side("b", "THEIRS-")


@pytest.fixture
def ana(ours: Side) -> User:
    """A client of clinic A with her own account, linked."""
    user = person("ana")
    Client.objects.filter(pk=ours.client.pk).update(user=user)
    ours.client.refresh_from_db()
    return user


@pytest.fixture
def immediate_tasks(settings: Any) -> None:
    """Background jobs run at once, inside the request: for tests about what a job does, not how it
    is queued (those run a real worker: test_clinic_rescreen_worker)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


MESOPLAN = Path(sys.executable).with_name("mesoplan")  # the command line, as installed in the venv


@pytest.fixture
def worker_database(tmp_path: Path) -> Iterator[dict[str, str]]:
    """The environment of a process (`mesoplan worker`, `mesoplan serve`) that reaches the test's database.

    A process cannot reach SQLite's in-memory test database, so on SQLite the test's connection
    moves to a migrated database file in the data folder (`MESOPLAN_DATA`) for the test's
    duration; on PostgreSQL the process connects to the test database itself. The test must
    commit its data (`django_db(transaction=True)`).
    """
    connection = connections["default"]
    env = {**os.environ, "MESOPLAN_DATA": str(tmp_path)}
    env.pop("MESOPLAN_SECRET_KEY", None)
    if connection.vendor != "sqlite":
        yield {**env, "MESOPLAN_PG_NAME": str(connection.settings_dict["NAME"])}
        return
    in_memory, name = connection.connection, connection.settings_dict["NAME"]
    connection.connection = None  # kept aside, not closed: closing it would drop the in-memory database
    connection.settings_dict["NAME"] = str(tmp_path / "mesoplan.sqlite3")
    try:
        call_command("migrate", verbosity=0, interactive=False)
        yield {**env, "MESOPLAN_DB": "sqlite"}
    finally:
        connection.close()
        connection.settings_dict["NAME"] = name
        connection.connection = in_memory


@pytest.fixture
def start_worker(worker_database: dict[str, str]) -> Iterator[Callable[[], subprocess.Popen[str]]]:
    """Starts `mesoplan worker` processes on the test's database; stops those still running at the end."""
    started: list[subprocess.Popen[str]] = []

    def start() -> subprocess.Popen[str]:
        worker = subprocess.Popen([MESOPLAN, "worker", "--interval", "0.1"], env=worker_database, text=True,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        if worker.poll() is None:
            worker.terminate()
            worker.wait(timeout=60)
