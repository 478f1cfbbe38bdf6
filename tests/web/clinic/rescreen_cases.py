"""Clients whose answer a clinic's policy change moves, for the re-screen job's tests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from clinic_builders import client_of, clinic_intake, today
from django.contrib.auth.models import User
from django_tasks_db.models import DBTaskResult

from mesoplan.web.clinic import policies, rescreen, rescreen_jobs
from mesoplan.web.clinic.models import Client, Organisation, PlannedEvent, RescreenRun

REAL_JOURNAL = rescreen_jobs._RunJournal
NINE_MONTHS = {"washouts": {"isotretinoin_washout": {"amount": 9, "unit": "months"}}}


def isotretinoin_stopped(days_ago: int) -> dict[str, Any]:
    stopped = today() - timedelta(days=days_ago)
    return clinic_intake(medications=[{"id": "isotretinoin", "stopped": stopped.isoformat()}])


def waiting_client(organisation: Organisation, name: str = "Rosa Wait", days_ago: int = 120) -> Client:
    """Stopped isotretinoin `days_ago`: waits under the shipped wash-out, waits longer under nine months."""
    return client_of(organisation, name, intake=isotretinoin_stopped(days_ago))


def clients_then_nine_months(organisation: Organisation, admin: User, count: int) -> list[Client]:
    """`count` clients who stopped isotretinoin on different days, then the clinic's nine-month policy."""
    rows = [waiting_client(organisation, f"Client {i:02d}", days_ago=60 + 20 * i) for i in range(count)]
    policies.set_policy(organisation, NINE_MONTHS, admin)
    return rows


def final_state(organisation: Organisation) -> list[tuple[Any, ...]]:
    """What a re-screen leaves of each client made by `clients_then_nine_months`, by name (versions and
    times aside)."""
    rows = []
    for c in Client.objects.filter(organisation=organisation, name__startswith="Client 0").order_by("name"):
        events = list(PlannedEvent.objects.filter(client=c).order_by("position").values_list("date", "kind", "title"))
        rows.append((c.name, c.verdict, c.earliest_start, c.reasons_digest, c.plan_digest, c.previous_verdict,
                     c.changed_at is not None, c.reasons, events))
    return rows


def change_rows(organisation: Organisation) -> list[tuple[Any, ...]]:
    """The before → after rows of the clinic's runs, by client name."""
    from mesoplan.web.clinic.models import RescreenChange

    return sorted((r.client.name, r.verdict_before, r.verdict_after, r.earliest_start_before, r.earliest_start_after,
                   r.reasons_before, r.reasons_after, r.plan_changed)
                  for r in RescreenChange.objects.filter(run__organisation=organisation).select_related("client")
                  if r.client.name.startswith("Client 0"))


class StopsAfterFirstBatch:
    """A run's journal whose worker dies while writing the second batch (as a second SIGTERM ends the
    task in hand): the first batch is committed, the rest is not."""

    def __init__(self, run: Any) -> None:
        self.journal, self.batches = REAL_JOURNAL(run), 0

    def screened(self, to_write: int) -> None:
        self.journal.screened(to_write)

    def writing(self, changes: Any, written: int, reached: int) -> None:
        self.batches += 1
        if self.batches == 2:
            raise SystemExit(1)
        self.journal.writing(changes, written, reached)


def stopped_half_way(monkeypatch: pytest.MonkeyPatch, ours: Any, theirs: Any) -> RescreenRun:
    """Two clinics with the same eight clients and policy: theirs re-screened to the end, ours queued and
    taken by a worker (as db_worker claims it) that dies while writing its second batch of three.
    The monkeypatches stay in force: undo them for the run's next attempt in this process."""
    clients_then_nine_months(ours.organisation, ours.admin, 8)
    clients_then_nine_months(theirs.organisation, theirs.admin, 8)
    rescreen_jobs.run_now(theirs.organisation)  # never stopped
    run = rescreen_jobs.queue_rescreen(ours.organisation, ours.admin)
    DBTaskResult.objects.get(id=run.task_id).claim("a-worker-that-was-killed")
    monkeypatch.setattr(rescreen, "WRITE_BATCH", 3)
    monkeypatch.setattr(rescreen_jobs, "_RunJournal", StopsAfterFirstBatch)
    with pytest.raises(SystemExit):
        rescreen_jobs.run_rescreen.call(run.pk)
    run.refresh_from_db()
    assert (run.status, run.written) == ("running", 3)
    return run
