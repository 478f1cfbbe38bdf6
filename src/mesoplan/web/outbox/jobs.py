"""The outbox's periodic task on the task queue (django-tasks, database backend).

`send_outbox` sends what is due at the outbox's clock, then queues its own next run
`MESOPLAN_OUTBOX_PERIOD_SECONDS` later; `start` (called as `mesoplan worker` starts) gives up
the messages a killed worker was sending and makes sure one run is waiting. Finished runs of
the task are pruned as it goes, so the queue's table does not grow a row a minute forever.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from mesoplan.web.outbox import clock, sending

READY, RUNNING = "READY", "RUNNING"
KEEP_FINISHED = timedelta(hours=1)


@task()
def send_outbox() -> dict[str, Any]:
    """Send what is due now, then queue the next run."""
    try:
        report = sending.send_due(clock.now())
    finally:
        schedule_next(delay=True)
    return report.as_data()


def _task_path() -> str:
    return send_outbox.module_path


def schedule_next(delay: bool) -> None:
    """Queue a run of `send_outbox` (after the period if `delay`) unless one is already waiting."""
    period = timedelta(seconds=float(getattr(settings, "MESOPLAN_OUTBOX_PERIOD_SECONDS", 60)))
    with transaction.atomic():
        runs = DBTaskResult.objects.filter(task_path=_task_path())
        runs.filter(status__in=("SUCCESSFUL", "FAILED"), finished_at__lt=timezone.now() - KEEP_FINISHED).delete()
        waiting = runs.filter(status=READY)
        if waiting.exists():
            if not delay:  # wanted now: the waiting run is brought forward
                waiting.update(run_after=timezone.now())
            return
        job = send_outbox.using(run_after=timezone.now() + period) if delay else send_outbox
        job.enqueue()


def start() -> int:
    """As a worker starts: a run left "running" by a killed worker is over; the messages it was
    sending are given up (never sent twice); one run is queued now. Returns how many were given up."""
    DBTaskResult.objects.filter(task_path=_task_path(), status=RUNNING).update(
        status="FAILED", finished_at=timezone.now(), exception_class_path="builtins.SystemExit",
        traceback="the worker stopped during this run")
    given_up = sending.give_up_interrupted()
    schedule_next(delay=False)
    return given_up
