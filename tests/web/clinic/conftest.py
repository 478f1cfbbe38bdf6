"""Two clinics, a member of each role, a client with their own account, and a record in each clinic.

Clinic A is "ours": its admin, practitioner and front desk, and Ana, a client of A who
linked her own account. Clinic B is "theirs": its members, and its client
with a signed session, a photo, a consent, a reaction (see `clinic_world`).
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from clinic_world import Side, build_side
from django.contrib.auth.models import User
from web_builders import person

from mesoplan.web.clinic.models import Client
from migrated import MigratedSqlite
from worker_env import start_worker as start_worker_process
from worker_env import stop
from worker_env import worker_database as shared_worker_database


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


@pytest.fixture
def worker_database(tmp_path: Path, migrated_sqlite: MigratedSqlite) -> Iterator[dict[str, str]]:
    """The environment of a process (`mesoplan worker`, `mesoplan serve`) that reaches the test's database
    (`worker_env.worker_database`: on SQLite the test's connection moves to a copy of the run's migrated
    file in the data folder). The test must commit its data (`django_db(transaction=True)`)."""
    with shared_worker_database(tmp_path, migrated_sqlite) as env:
        yield env


@pytest.fixture
def start_worker(worker_database: dict[str, str]) -> Iterator[Callable[[], subprocess.Popen[str]]]:
    """Starts `mesoplan worker` processes on the test's database; stops those still running at the end."""
    started: list[subprocess.Popen[str]] = []

    def start() -> subprocess.Popen[str]:
        worker = start_worker_process(worker_database)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        stop(worker)
