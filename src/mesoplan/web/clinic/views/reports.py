"""The clinic's CSV reports for a date range (clinical staff): the page with its form, and the download.

The download is streamed row by row; the rows are read first, in a fixed number of queries,
so that the audit can name every client the file names (`export`, one insert for them all)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from mesoplan.web.clinic import reports
from mesoplan.web.clinic.forms.reports import ReportForm
from mesoplan.web.clinic.models import AuditEvent
from mesoplan.web.clinic.views.common import organisation_for, signed_in
from mesoplan.web.front.file_names import safe_stem


@require_GET
@login_required
def clinic_reports(request: HttpRequest, pk: int) -> HttpResponse | StreamingHttpResponse:
    organisation = organisation_for(request, pk, "export_reports")
    today = timezone.localdate()  # a first visit offers this month so far
    form = ReportForm(request.GET if "kind" in request.GET else None,
                      initial={"kind": "sessions", "start": today.replace(day=1), "end": today})
    if not form.is_valid():
        return render(request, "clinic/reports.html", {"organisation": organisation, "form": form})
    kind, start, end = form.cleaned_data["kind"], form.cleaned_data["start"], form.cleaned_data["end"]
    report = reports.read(kind, organisation, start, end)
    detail = f"CSV export: {kind} {start.isoformat()} to {end.isoformat()}"  # said in the reader's language
    user = signed_in(request)
    name = user.get_username()
    AuditEvent.objects.bulk_create(  # one for the clinic, one for each client the file names
        AuditEvent(organisation=organisation, user=user, user_name=name, client_id=client_id,
                   action="export", detail=detail) for client_id in [None, *sorted(report.client_ids)])
    response = StreamingHttpResponse(reports.csv_lines(report), content_type="text/csv; charset=utf-8")
    stem = safe_stem(f"{organisation.name}-{kind}-{start.isoformat()}-{end.isoformat()}")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=f"{stem}.csv") or ""
    return response
