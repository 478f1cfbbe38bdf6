"""Progress: the chart over a window of twelve months (the last ones, or earlier on request) and
the before/after photos side by side."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from mesoplan.web.diary import progress
from mesoplan.web.diary.flag_cards import open_cards
from mesoplan.web.front.display import long_date
from mesoplan.web.records.models import Photo

EARLIEST = date(1900, 1, 1)  # no diary goes further back; a window must have a year before it


@login_required
def progress_page(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    asked, problem = request.GET.get("until", ""), ""
    try:
        last = date.fromisoformat(asked) if asked else today
        if last < EARLIEST:
            raise ValueError(asked)
    except ValueError:
        last, problem = today, _("“%(value)s” is not a date: the chart shows the last twelve months.") % {
            "value": asked[:20]}
    window = progress.Window.ending(last, today)
    photos = Photo.objects.owned_by(request.user)
    before = photos.filter(kind="before").order_by("taken_on", "id").first()
    after = photos.filter(kind__in=("after", "progress")).order_by("-taken_on", "-id").first()
    return render(request, "diary/progress.html", {
        "chart": progress.chart_for(request.user, window), "window": window, "problem": problem,
        "first": long_date(window.first), "last": long_date(window.last), "left": before, "right": after,
        "flags": open_cards(request.user, back=request.get_full_path())})
