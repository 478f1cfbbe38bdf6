"""Large FHIR imports as background jobs on the task queue (django-tasks, as the re-screen: `rescreen_jobs`).

A bundle over `MESOPLAN_IMPORT_INLINE_BYTES` is not read while the person waits: `queue_import` keeps it in
the file storage (through Django's storage API, decisions item 6) and queues `run_import` for the worker.
The worker reads and checks it outside any transaction, then writes the client, and marks the job done,
in one short transaction: a worker killed on the way leaves nothing half-written, and the next worker
to start runs the job again from the start (`resume_interrupted_imports`), so it ends as one that never
stopped (decisions item 7). The stored bundle is deleted once the job has ended, whatever the outcome.
"""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from mesoplan import services
from mesoplan.core.i18n import N_
from mesoplan.errors import IntakeError
from mesoplan.exports.fhir_import import import_bundle
from mesoplan.web.clinic import audit
from mesoplan.web.clinic.import_problem import as_data
from mesoplan.web.clinic.models import ImportJob, Organisation
from mesoplan.web.clinic.models.rescreen_runs import DONE, FAILED, RUNNING, UNFINISHED
from mesoplan.web.clinic.record_import import import_record
from mesoplan.web.clinic.rescreen_jobs import READY, _queue_status
from mesoplan.web.front.errors import message

FOLDER = "imports"


def queue_import(bundle: bytes, organisation: Organisation, requested_by: Any) -> ImportJob:
    """Keep the bundle in the storage and queue its import; the job, to show its progress."""
    with transaction.atomic():
        job = ImportJob.objects.create(organisation=organisation, requested_by=requested_by, size=len(bundle))
        name = default_storage.save(f"{FOLDER}/{job.pk}.fhir.json", ContentFile(bundle))
        ImportJob.objects.filter(pk=job.pk).update(bundle=name)
        audit.record(requested_by, "import", organisation=organisation, detail=f"FHIR import {job.pk} queued")
        _enqueue(job)
    job.refresh_from_db()
    return job


@task()
def run_import(job_id: int) -> dict[str, Any]:
    """The task the worker runs: one import, to its end."""
    job = ImportJob.objects.get(pk=job_id)
    if not job.finished:
        _perform(job)
    job.refresh_from_db()
    return {"status": job.status, "client": job.client_id, "error": job.error}


def resume_interrupted_imports() -> list[ImportJob]:
    """Queue again the imports a stopped worker left unfinished; called as a worker starts (one per site)."""
    for ended in ImportJob.objects.exclude(bundle="").exclude(status__in=UNFINISHED):
        _forget_bundle(ended)  # a worker stopped between a job's end and the deletion of its bundle
    resumed = []
    for job in ImportJob.objects.filter(status__in=UNFINISHED).order_by("queued_at", "pk"):
        if job.task_id and _queue_status(job.task_id) == READY:
            continue  # still waiting: the worker takes it in turn
        with transaction.atomic():
            _enqueue(job)
        resumed.append(job)
    return resumed


def _enqueue(job: ImportJob) -> None:
    result = run_import.enqueue(job.pk)
    ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))


def _perform(job: ImportJob) -> None:
    ImportJob.objects.filter(pk=job.pk).update(status=RUNNING, attempts=F("attempts") + 1)
    try:
        with default_storage.open(job.bundle, "rb") as stored:
            data = stored.read()
        record = import_bundle(data, services.knowledge())  # read and checked outside any transaction
        with transaction.atomic():  # the client, its rows and the job's end: all or nothing
            done = import_record(record, job.organisation, job.requested_by, timezone.now())
            ImportJob.objects.filter(pk=job.pk).update(
                status=DONE, client=done.client, finished_at=timezone.now(), error="",
                left_out={"home_sessions": done.home_sessions_left_out, "devices": done.devices_left_out})
    except IntakeError as error:
        _fail(job, f"{error.field}: {message(error)}", as_data(error))
    except FileNotFoundError:
        gone = IntakeError("", N_("the uploaded bundle is gone: upload it again"))
        _fail(job, gone.problem, as_data(gone))
    _forget_bundle(job)


def _fail(job: ImportJob, error: str, problem: dict[str, Any] | None = None) -> None:
    # `error` in the worker's words for the audit trail; `problem` for the page, in its reader's language
    ImportJob.objects.filter(pk=job.pk).update(status=FAILED, finished_at=timezone.now(), error=error[:500],
                                               problem=problem or {})
    audit.record(job.requested_by, "import", organisation=job.organisation,
                 detail=f"FHIR import {job.pk} refused: {error[:200]}")


def _forget_bundle(job: ImportJob) -> None:
    """A health record waiting for the worker is kept no longer than the job."""
    if job.bundle and default_storage.exists(job.bundle):
        default_storage.delete(job.bundle)
    ImportJob.objects.filter(pk=job.pk).update(bundle="")
