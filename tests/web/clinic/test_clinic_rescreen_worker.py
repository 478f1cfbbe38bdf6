"""The re-screen run by a real worker process (`mesoplan worker`, django-tasks' database queue) against
the test database (`worker_database`, in conftest.py): queued from the dashboard, picked up again after
a worker stopped in the middle. Both need committed data (`transaction=True`)."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable

import pytest
from clinic_world import build_side
from django.test import Client as Browser
from rescreen_cases import (
    NINE_MONTHS,
    change_rows,
    final_state,
    stopped_half_way,
    waiting_client,
)

from mesoplan.web.clinic import policies
from mesoplan.web.clinic.models import AuditEvent, RescreenChange, RescreenRun
from mesoplan.web.front.display import long_date

pytestmark = pytest.mark.django_db(transaction=True)

WAIT_SECONDS = 120  # for the worker to start and finish a small run on a busy machine


def _finished(run: RescreenRun, worker: subprocess.Popen[str]) -> RescreenRun:
    for _ in range(WAIT_SECONDS * 10):
        run.refresh_from_db()
        if run.finished or worker.poll() is not None:
            break
        time.sleep(0.1)
    if not run.finished and worker.poll() is not None:
        pytest.fail(f"the worker exited ({worker.returncode}): {worker.stdout.read() if worker.stdout else ''}")
    return run


def test_an_admin_queues_a_rescreen_and_the_worker_process_runs_it(
        client: Browser, start_worker: Callable[[], subprocess.Popen[str]]) -> None:
    ours = build_side("a", "")
    rosa = waiting_client(ours.organisation)
    policies.set_policy(ours.organisation, NINE_MONTHS, ours.admin)
    client.force_login(ours.admin)
    client.post(f"/clinic/org/{ours.organisation.pk}/rescreen/")
    run = RescreenRun.objects.get(organisation=ours.organisation)
    assert 'data-status="queued"' in client.get("/clinic/").content.decode()

    run = _finished(run, start_worker())
    assert (run.status, run.checked, run.changed, run.written) == ("done", 2, 1, run.to_write)
    page = client.get("/clinic/").content.decode().split('id="rescreens"')[1].split("</section>")[0]
    change = RescreenChange.objects.get(run=run, client=rosa)
    row = page.split("Rosa Wait")[1].split("</tr>")[0]
    assert 'data-status="done"' in page and "hx-get" not in page  # finished: the page stops asking
    assert f"{long_date(change.earliest_start_before)} → {long_date(change.earliest_start_after)}" in row
    assert "wait 9 months" in row.split('class="reason-added"')[1]
    assert "wait 6 months" in row.split('class="reason-removed"')[1]
    assert AuditEvent.objects.filter(organisation=ours.organisation, action="rescreen", user_name="a_admin",
                                     detail=f"re-screen {run.pk} done: 2 clients checked, 1 changed, 0 unreadable"
                                     ).exists()


def test_a_run_a_stopped_worker_left_is_finished_by_the_next_worker_as_if_it_never_stopped(
        monkeypatch: pytest.MonkeyPatch, start_worker: Callable[[], subprocess.Popen[str]]) -> None:
    ours, theirs = build_side("a", ""), build_side("b", "THEIRS-")
    run = stopped_half_way(monkeypatch, ours, theirs)  # this process plays the worker that died

    run = _finished(run, start_worker())
    assert (run.status, run.attempts) == ("done", 2)
    assert final_state(ours.organisation) == final_state(theirs.organisation)
    assert change_rows(ours.organisation) == change_rows(theirs.organisation)
