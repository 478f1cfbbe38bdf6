"""The person's saved checks."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mesoplan.web.records.models import SavedCheck


@login_required
def saved_list(request: HttpRequest) -> HttpResponse:
    checks = SavedCheck.objects.owned_by(request.user).prefetch_related("screenings")
    return render(request, "selfcheck/saved_list.html", {"checks": checks})
