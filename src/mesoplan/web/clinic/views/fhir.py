"""A client's record as a FHIR R4B bundle: downloaded, or uploaded to create the client in this clinic."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from mesoplan import services
from mesoplan.errors import IntakeError
from mesoplan.exports.fhir import export_bundle
from mesoplan.exports.fhir_import import import_bundle
from mesoplan.web.clinic import access, audit
from mesoplan.web.clinic.forms.fhir import ImportForm
from mesoplan.web.clinic.import_jobs import queue_import
from mesoplan.web.clinic.import_problem import as_error
from mesoplan.web.clinic.models import ImportJob
from mesoplan.web.clinic.record_import import import_record
from mesoplan.web.clinic.record_mapping import client_record
from mesoplan.web.clinic.views.common import client_for
from mesoplan.web.front.errors import full_message
from mesoplan.web.front.file_names import as_attachment


@require_GET
@login_required
def client_export(request: HttpRequest, pk: int) -> HttpResponse:
    client = client_for(request, pk, "export")
    try:
        data = export_bundle(client_record(client), services.knowledge())
    except IntakeError as error:
        messages.error(request, _("The record cannot be exported: %(problem)s") % {
            "problem": full_message(error)})
        return redirect("clinic:client_detail", pk=client.pk)
    audit.record(request.user, "export", client=client, detail="FHIR R4B bundle")
    # The record id may come from an imported bundle: only its safe characters reach the header.
    return as_attachment(HttpResponse(data, content_type="application/fhir+json"), f"client-{client.record_id}",
                         ".fhir.json")


@login_required
def client_import(request: HttpRequest) -> HttpResponse:
    organisations = access.organisations_where(request.user, "import")
    access.require(organisations.exists())
    form = ImportForm(request.POST or None, request.FILES or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        if len(form.cleaned_data["bundle"]) > settings.MESOPLAN_IMPORT_INLINE_BYTES:  # a long read: the worker's
            job = queue_import(form.cleaned_data["bundle"], form.cleaned_data["organisation"], request.user)
            return redirect("clinic:import_status", pk=job.pk)
        try:  # read and checked outside any transaction; `import_record` writes in one short one
            record = import_bundle(form.cleaned_data["bundle"], services.knowledge())
            done = import_record(record, form.cleaned_data["organisation"], request.user, timezone.now())
        except IntakeError as error:
            form.add_error("bundle", full_message(error))
        else:
            messages.success(request, _("Client imported."))
            if done.home_sessions_left_out or done.devices_left_out:
                messages.info(request, _("Not kept: %(sessions)d home sessions and %(devices)d devices of the "
                                         "client's own diary.") % {"sessions": done.home_sessions_left_out,
                                                                   "devices": done.devices_left_out})
            return redirect("clinic:client_detail", pk=done.client.pk)
    return render(request, "clinic/form.html", {"form": form, "title": _("Import a client (FHIR)"),
                                                "multipart": True, "cancel": "clinic:clients"})


@require_GET
@login_required
def import_status(request: HttpRequest, pk: int) -> HttpResponse:
    """A large import queued for the worker: waiting, running, done (with its client) or refused (with why)."""
    # Not found outside the person's clinics; found but refused (403) for a role that may not import.
    job = get_object_or_404(ImportJob.objects.select_related("client"), pk=pk,
                            organisation__in=access.organisations_of(request.user))
    access.for_request(request, job.organisation_id).require("import")
    refusal = full_message(as_error(job.problem)) if job.problem else job.error  # older jobs kept only the words
    return render(request, "clinic/import_job.html", {"job": job, "refusal": refusal})
