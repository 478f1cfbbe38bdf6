"""`/`: the marketing page for a visitor; for a person logged in, their own home."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from mesoplan.web.front.display import long_date
from mesoplan.web.front.views.home import home as visitor_home
from mesoplan.web.home import reminders, today


def start(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return visitor_home(request)
    day = timezone.localdate()
    return render(request, "home/home.html", {
        "view": today.home_view(request.user, day), "today_text": long_date(day),
        "reminder_kinds": reminders.chosen_kinds(request.user),
        # A clinic's member finds their way to the clinic from here too.
        "clinic_member": request.user.clinic_memberships.exists(),
    })
