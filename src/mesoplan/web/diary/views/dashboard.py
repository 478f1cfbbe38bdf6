"""The diary's front page: what needs attention first (a red flag above all), then the recent timeline
and the last twelve months' chart. Its cost does not grow with the diary (`review`, `progress`)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from mesoplan.web.diary import progress, review
from mesoplan.web.diary.flag_cards import cards
from mesoplan.web.front.display import long_date


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    result = review.review(request.user, today)
    urgent = [a for a in result.alerts if a.level == "urgent"]
    others = [a for a in result.alerts if a.level != "urgent"]
    return render(request, "diary/dashboard.html", {
        "urgent": urgent, "alerts": others, "timeline": result.timeline, "problem": result.problem,
        "timeline_from": long_date(result.read_from),
        "chart": progress.chart_for(request.user, progress.Window.ending(today, today)),
        "flags": cards(result.open_flags, back=request.path),
    })
