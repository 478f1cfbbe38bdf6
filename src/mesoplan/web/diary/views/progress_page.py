"""Progress: the chart over time and the before/after photos side by side."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mesoplan.web.diary import progress
from mesoplan.web.records.models import Photo


@login_required
def progress_page(request: HttpRequest) -> HttpResponse:
    photos = Photo.objects.owned_by(request.user)
    before = photos.filter(kind="before").order_by("taken_on", "id").first()
    after = photos.filter(kind__in=("after", "progress")).order_by("-taken_on", "-id").first()
    return render(request, "diary/progress.html", {"chart": progress.chart_for(request.user),
                                                   "left": before, "right": after})
