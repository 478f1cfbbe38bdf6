"""The audit trail, for the clinic's admins: of one client, or of the whole clinic with filters."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from mesoplan.web.clinic import audit_present
from mesoplan.web.clinic.forms.audit import AuditFilter
from mesoplan.web.clinic.models import AuditEvent
from mesoplan.web.clinic.views.common import client_for, organisation_for

PAGE_SIZE = 100


@login_required
def client_audit(request: HttpRequest, pk: int) -> HttpResponse:
    client = client_for(request, pk, "see_audit", page="audit trail")
    page = Paginator(client.audit_events.all(), PAGE_SIZE).get_page(request.GET.get("page"))
    events = [(event, audit_present.detail_text(event.detail)) for event in page]
    return render(request, "clinic/audit.html", {"client": client, "page": page, "events": events})


@require_GET
@login_required
def clinic_audit(request: HttpRequest, pk: int) -> HttpResponse:
    """Every event of the clinic (members, texts, policy, re-screens and each client's), newest first."""
    organisation = organisation_for(request, pk, "see_audit")
    form = AuditFilter(request.GET or None)
    events = form.narrowed(AuditEvent.objects.filter(organisation=organisation).select_related("client"))
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "clinic/audit_clinic.html", {
        "organisation": organisation, "form": form, "page": page, "query": query.urlencode(),
        "events": [(event, audit_present.detail_text(event.detail)) for event in page]})
