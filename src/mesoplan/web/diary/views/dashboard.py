"""The diary's front page: what needs attention first (a red flag above all), then one timeline."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from mesoplan.web.diary import progress, review


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    result = review.review(request.user, timezone.localdate())
    urgent = [a for a in result.alerts if a.level == "urgent"]
    others = [a for a in result.alerts if a.level != "urgent"]
    return render(request, "diary/dashboard.html", {
        "urgent": urgent, "alerts": others, "timeline": result.timeline, "problem": result.problem,
        "chart": progress.chart_for(request.user),
    })
