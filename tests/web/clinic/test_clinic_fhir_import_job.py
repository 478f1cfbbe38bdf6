"""A large FHIR bundle is imported by the background worker, not while the page waits: the page says it is
queued, the worker writes the client in one short transaction, a stopped worker's import is picked up again
and ends once, a refusal is shown with its field, and the waiting bundle never outlives its job."""

from __future__ import annotations

import json
from typing import Any

import pytest
from clinic_builders import clinic, member
from clinic_world import Side
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as Browser
from django_tasks_db.models import DBTaskResult

from mesoplan import services
from mesoplan.exports.fhir import export_bundle
from mesoplan.web.clinic.import_jobs import resume_interrupted_imports, run_import
from mesoplan.web.clinic.models import Client, ImportJob, Organisation
from mesoplan.web.clinic.models.rescreen_runs import RUNNING
from mesoplan.web.clinic.record_mapping import client_record

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def every_bundle_is_large(settings: Any) -> None:
    settings.MESOPLAN_IMPORT_INLINE_BYTES = 100


def upload(browser: Browser, data: bytes) -> tuple[Organisation, ImportJob, str]:
    """An admin of a new clinic uploads the bundle; the clinic, the job queued and the page it leads to."""
    other = clinic("Clinic J")
    browser.force_login(member(other, "admin", "j_admin"))
    response = browser.post("/clinic/clients/import/", {
        "organisation": other.pk, "bundle": SimpleUploadedFile("c.json", data, "application/fhir+json")})
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert response["Location"] == f"/clinic/clients/import/{job.pk}/"
    return other, job, browser.get(response["Location"]).content.decode()


def test_a_large_bundle_is_queued_then_the_worker_imports_it(client: Browser, ours: Side) -> None:
    other, job, page = upload(client, export_bundle(client_record(ours.client), services.knowledge()))
    assert "imported in the background" in page
    assert not Client.objects.filter(organisation=other).exists()
    assert default_storage.exists(job.bundle)
    run_import.call(job.pk)  # what the worker does with the task
    job.refresh_from_db()
    imported = Client.objects.get(organisation=other)
    assert (job.status, job.client, job.bundle) == ("done", imported, "")
    page = client.get(f"/clinic/clients/import/{job.pk}/").content.decode()
    assert "Client imported." in page and f"/clinic/clients/{imported.pk}/" in page
    assert not default_storage.exists(f"imports/{job.pk}.fhir.json")


def test_a_refused_bundle_says_why_by_its_field_and_keeps_nothing(client: Browser, ours: Side) -> None:
    empty = json.dumps({"resourceType": "Bundle", "type": "collection", "entry": [], "x": "y" * 200}).encode()
    other, job, _page = upload(client, empty)
    run_import.call(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and "entry" in job.error
    page = client.get(f"/clinic/clients/import/{job.pk}/").content.decode()
    assert "The bundle was not imported:" in page and "entry" in page
    assert not Client.objects.filter(organisation=other).exists()
    assert job.bundle == "" and not default_storage.exists(f"imports/{job.pk}.fhir.json")


def test_an_import_a_stopped_worker_left_is_picked_up_again_and_ends_once(client: Browser, ours: Side) -> None:
    other, job, _page = upload(client, export_bundle(client_record(ours.client), services.knowledge()))
    ImportJob.objects.filter(pk=job.pk).update(status=RUNNING, attempts=1)  # its worker was killed mid-way:
    DBTaskResult.objects.filter(id=job.task_id).update(status="RUNNING")  # the queue still says running
    assert [j.pk for j in resume_interrupted_imports()] == [job.pk]
    run_import.call(job.pk)
    run_import.call(job.pk)  # queued twice: the second finds it done
    job.refresh_from_db()
    assert job.status == "done" and job.attempts == 2
    assert Client.objects.filter(organisation=other).count() == 1


def test_another_clinics_staff_cannot_see_the_import(client: Browser, ours: Side) -> None:
    _other, job, _page = upload(client, export_bundle(client_record(ours.client), services.knowledge()))
    client.force_login(ours.admin)
    assert client.get(f"/clinic/clients/import/{job.pk}/").status_code == 404
