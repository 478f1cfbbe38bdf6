"""A client's record as a FHIR R4B bundle: downloaded, or uploaded to create the client in this clinic."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from mesoplan import services
from mesoplan.errors import IntakeError
from mesoplan.exports.fhir import export_bundle
from mesoplan.exports.fhir_import import import_bundle
from mesoplan.web.clinic import access, audit
from mesoplan.web.clinic.forms.fhir import ImportForm
from mesoplan.web.clinic.record_import import import_record
from mesoplan.web.clinic.record_mapping import client_record
from mesoplan.web.clinic.views.common import client_for
from mesoplan.web.front.errors import full_message
from mesoplan.web.front.file_names import as_attachment


@require_GET
@login_required
def client_export(request: HttpRequest, pk: int) -> HttpResponse:
    client = client_for(request, pk, access.can_export)
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
    organisations = access.organisations_of(request.user, access.ROLES_FOR["import"])
    access.require(organisations.exists())
    form = ImportForm(request.POST or None, request.FILES or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
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
