"""The audit trail of one client, for the clinic's admins."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mesoplan.web.clinic.views.common import client_for

PAGE_SIZE = 100


@login_required
def client_audit(request: HttpRequest, pk: int) -> HttpResponse:
    client = client_for(request, pk, "see_audit", page="audit trail")
    page = Paginator(client.audit_events.all(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "clinic/audit.html", {"client": client, "page": page})
