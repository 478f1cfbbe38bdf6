"""The clinic re-screen as a background job on the task queue (django-tasks, database backend).

`queue_rescreen` is what the rest of the code calls (the dashboard's button, saving a
policy): it records a `RescreenRun` and queues `run_rescreen` for the worker that
`mesoplan serve` starts. The worker runs `perform`, which calls `rescreen.rescreen_all`
with the run as its journal: each batch of clients (by id) commits with its before → after
rows and the progress made, the last client id reached included. A worker that stops in the
middle leaves its run unfinished; the next worker to start queues it again
(`resume_interrupted`), which goes on after the last client id the run reached (a written
client is not read again either), so the run ends as one that never stopped. Each run is in the audit trail:
who asked for it, and what it found.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from mesoplan.web.clinic import audit
from mesoplan.web.clinic.models import Client, Organisation, RescreenChange, RescreenRun
from mesoplan.web.clinic.models.rescreen_runs import DONE, FAILED, QUEUED, RUNNING, UNFINISHED
from mesoplan.web.clinic.rescreen import rescreen_all
from mesoplan.web.clinic.rescreen_report import Change, RescreenReport

READY = "READY"  # the queue's status of a task no worker has taken yet


def queue_rescreen(organisation: Organisation, requested_by: Any) -> RescreenRun:
    """Queue a re-screen of every client of the clinic; `requested_by` is the user who asked (or None).

    A run of the clinic still waiting for the worker is returned instead of a second one:
    it reads the clients as they are when it starts, so it covers this request too.
    """
    with transaction.atomic():
        waiting = RescreenRun.objects.filter(organisation=organisation, status=QUEUED).first()
        if waiting is not None:
            return waiting
        named = getattr(requested_by, "is_authenticated", False)
        run = RescreenRun.objects.create(organisation=organisation, requested_by=requested_by if named else None,
                                         requested_by_name=requested_by.get_username() if named else "")
        audit.record(requested_by, "rescreen", organisation=organisation, detail=f"re-screen {run.pk} queued")
        _enqueue(run)
    run.refresh_from_db()
    return run


def run_now(organisation: Organisation, requested_by: Any = None) -> tuple[RescreenRun, RescreenReport]:
    """Record a run and perform it in this process (`mesoplan rescreen`: a command-line job).

    An earlier command-line run of the clinic left unfinished (its command was stopped) is
    marked failed: this one does what was left, as it reads only the clients not yet written.
    """
    with transaction.atomic():
        RescreenRun.objects.filter(organisation=organisation, status__in=UNFINISHED, task_id="").update(
            status=FAILED, finished_at=timezone.now(), error="stopped before the end (command line)")
        run = RescreenRun.objects.create(organisation=organisation)
        audit.record(requested_by, "rescreen", organisation=organisation,
                     detail=f"re-screen {run.pk} run from the command line")
    report = _perform(run.pk)
    run.refresh_from_db()
    return run, report


@task()
def run_rescreen(run_id: int) -> dict[str, Any]:
    """The task the worker runs: one re-screen run, to its end."""
    run = RescreenRun.objects.get(pk=run_id)
    if run.finished:  # queued twice (picked up again while it ran): the first one finished it
        return dict(run.report)
    return _perform(run_id).as_data()


def resume_interrupted() -> list[RescreenRun]:
    """Queue again the runs a stopped worker left unfinished; called as a worker starts.

    A run is left so when its worker was killed (its task stays "running") or stopped by a
    second signal (its task "failed" without the run being marked). One worker runs per
    installation (`mesoplan serve` starts it), so a task marked running when a worker starts
    is one nobody runs any more; were two to run the same run, both would write the same rows.
    A run of the command line (no task) is its command's, not the worker's (`run_now`).
    """
    resumed = []
    for run in RescreenRun.objects.filter(status__in=UNFINISHED).exclude(task_id="").order_by("queued_at", "pk"):
        if _queue_status(run.task_id) == READY:
            continue  # still waiting: the worker takes it in turn
        with transaction.atomic():
            _enqueue(run)
        resumed.append(run)
    return resumed


def _queue_status(task_id: str) -> str | None:
    """The database queue's status of the task, or None (gone, or queued on another backend)."""
    try:
        return DBTaskResult.objects.filter(id=task_id).values_list("status", flat=True).first()
    except ValidationError:  # not a database task's id (another backend's)
        return None


def _enqueue(run: RescreenRun) -> None:
    result = run_rescreen.enqueue(run.pk)
    RescreenRun.objects.filter(pk=run.pk).update(task_id=str(result.id))


def _perform(run_id: int) -> RescreenReport:
    with transaction.atomic():
        # `of=("self",)`: PostgreSQL locks no row of a nullable outer join (the person who asked may be gone).
        run = (RescreenRun.objects.select_related("organisation", "requested_by")
               .select_for_update(of=("self",)).get(pk=run_id))
        RescreenRun.objects.filter(pk=run_id).update(status=RUNNING, attempts=F("attempts") + 1,
                                                     started_at=run.started_at or timezone.now(), error="")
    try:
        report = rescreen_all(run.organisation, journal=_RunJournal(run), after=run.reached_client)
    except Exception as error:
        with transaction.atomic():
            RescreenRun.objects.filter(pk=run_id).update(status=FAILED, finished_at=timezone.now(),
                                                         error=f"{type(error).__name__}: {error}"[:300])
            audit.record(run.requested_by, "rescreen", organisation=run.organisation,
                         detail=f"re-screen {run_id} failed: {type(error).__name__}")
        raise
    with transaction.atomic():
        changed = RescreenChange.objects.filter(run_id=run_id).count()
        RescreenRun.objects.filter(pk=run_id).update(
            status=DONE, finished_at=timezone.now(), checked=report.checked, changed=changed,
            failures=len(report.failures), report=report.as_data(), written=F("to_write"))
        audit.record(run.requested_by, "rescreen", organisation=run.organisation,
                     detail=f"re-screen {run_id} done: {report.checked} clients checked, {changed} changed, "
                            f"{len(report.failures)} unreadable")
    return report


class _RunJournal:
    """Records a run's progress and its before → after rows, in the re-screen's own transactions."""

    def __init__(self, run: RescreenRun) -> None:
        self.run_id = run.pk
        self.written_before = 0  # by earlier attempts of the same run

    def screened(self, to_write: int) -> None:
        run = RescreenRun.objects.get(pk=self.run_id)
        self.written_before = run.written
        RescreenRun.objects.filter(pk=self.run_id).update(to_write=run.written + to_write)

    def writing(self, changes: Sequence[Change], written: int, reached: int) -> None:
        stored = dict(Client.objects.filter(pk__in=[c.client_id for c in changes]).values_list("pk", "reasons"))
        RescreenChange.objects.bulk_create([_change_row(self.run_id, c, stored.get(c.client_id)) for c in changes],
                                           ignore_conflicts=True)
        # in the batch's transaction: a worker killed after it goes on after `reached`, never before
        RescreenRun.objects.filter(pk=self.run_id).update(written=self.written_before + written,
                                                          reached_client=reached)


def reason_key(reason: dict[str, Any]) -> str:
    """What makes two stored reasons the same reason: rule, effect, date and zones (not the words)."""
    return json.dumps({k: reason.get(k) for k in ("rule", "effect", "until", "zones")}, sort_keys=True)


def _change_row(run_id: int, change: Change, stored_reasons: Any) -> RescreenChange:
    """`stored_reasons`: the client's reasons before this run wrote it (None if never stored).

    Only the reasons that differ are kept: those removed (`reasons_before`) and those added
    (`reasons_after`). That is all the dashboard shows, and a change row then weighs what changed,
    not the client's whole screening twice.
    """
    before = list(stored_reasons) if stored_reasons is not None else None
    after = list(change.reasons_after) if change.reasons_changed and change.reasons_after is not None else before
    if before is not None and after is not None:
        before_keys, after_keys = {reason_key(r) for r in before}, {reason_key(r) for r in after}
        before, after = ([r for r in before if reason_key(r) not in after_keys],
                         [r for r in after if reason_key(r) not in before_keys])
    return RescreenChange(run_id=run_id, client_id=change.client_id, verdict_before=change.verdict_before,
                          verdict_after=change.verdict_after, earliest_start_before=change.earliest_start_before,
                          earliest_start_after=change.earliest_start_after, reasons_before=before,
                          reasons_after=after if after is not None else [], plan_changed=change.plan_changed)
