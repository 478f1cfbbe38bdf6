"""The calendar and its bookings: a clinic's day or week (per practitioner or location), booking one
appointment or a plan's sessions, moving one, its status, and a location's opening hours.

The rules are in `clinic.appointments`; a refusal comes back to the form with its reasons (the
gate's with their sources) next to what was asked.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from mesoplan.web.clinic import access, appointments, audit, calendar_data
from mesoplan.web.clinic.errors import BookingRefusedError
from mesoplan.web.clinic.forms.appointments import BookForm, OpeningHoursForm, PlanBookForm, RescheduleForm
from mesoplan.web.clinic.models import Appointment, Location
from mesoplan.web.clinic.models.appointments import STATUS_CHOICES
from mesoplan.web.clinic.views.common import client_for, organisation_for
from mesoplan.web.front import gate_view
from mesoplan.web.front.display import long_date

SPANS = {"day": 1, "week": calendar_data.WEEK}
MOVE_FIELDS = ("day", "at", "minutes", "practitioner", "location")  # what the move form posts
URL_DAYS = timedelta(days=3660)


@require_GET
@login_required
def calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """`?span=day|week&day=YYYY-MM-DD&practitioner=<id>&location=<id>`; unknown values fall back."""
    organisation = organisation_for(request, pk, "see_calendar")
    asked = request.GET.get("span", "")
    span = asked if asked in SPANS else "week"
    day = _day_param(request.GET.get("day")) or timezone.localdate()
    first = calendar_data.first_day(day, span)
    rows = Appointment.objects.filter(client__organisation=organisation)
    people = organisation.memberships.filter(role__in=access.CLINICAL).select_related("user")
    places = organisation.locations.all()
    who, where = _int_param(request.GET.get("practitioner")), _int_param(request.GET.get("location"))
    if who is not None:
        rows = rows.filter(practitioner_id=who)
    if where is not None:
        rows = rows.filter(location_id=where)
    step = timedelta(days=SPANS[span])
    query = {"span": span, "practitioner": who or "", "location": where or ""}
    return render(request, "clinic/calendar.html", {
        "organisation": organisation, "span": span, "query": query, "day": first,
        "days": calendar_data.by_day(calendar_data.between(rows, first, SPANS[span]), first, SPANS[span]),
        "people": people, "places": places, "who": who, "where": where,
        "previous": (first - step).isoformat(), "next": (first + step).isoformat(),
        "today": timezone.localdate(), "now": timezone.now(),
        # dragging an appointment to another day posts its move form (clinic/calendar.js)
        "can_book": access.for_request(request, organisation).can("book"), "move_fields": MOVE_FIELDS,
    })


@login_required
def appointment_new(request: HttpRequest, pk: int) -> HttpResponse:
    client = client_for(request, pk, "book", page="booking")
    form = BookForm(request.POST or None, organisation=client.organisation, booker=request.user,
                    initial={"day": _day_param(request.GET.get("day")) or timezone.localdate()})
    refusals: list[dict[str, Any]] = []
    if request.method == "POST" and form.is_valid():
        try:
            appointments.book(client, [form.wanted()], request.user)
        except BookingRefusedError as error:
            refusals = _refusal_views(error)
        else:
            messages.success(request, _("Appointment booked."))
            return redirect("clinic:client_detail", pk=client.pk)
    return render(request, "clinic/book_form.html", {"client": client, "form": form, "refusals": refusals,
                                                     "title": _("Book an appointment")})


@login_required
def plan_book(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan's sessions not booked yet, in one step: all are booked, or none."""
    client = client_for(request, pk, "book", page="booking the plan")
    today = timezone.localdate()
    planned = [(e.date, tuple(e.zones)) for e in calendar_data.to_book(client)]
    form = PlanBookForm(request.POST or None, organisation=client.organisation, planned=planned, today=today,
                        booker=request.user)
    refusals: list[dict[str, Any]] = []
    if request.method == "POST" and planned and form.is_valid():
        try:
            booked = appointments.book(client, form.wanted(), request.user)
        except BookingRefusedError as error:
            refusals = _refusal_views(error)
        else:
            messages.success(request, ngettext("%(count)d session booked.", "%(count)d sessions booked.",
                                               len(booked)) % {"count": len(booked)})
            return redirect("clinic:client_detail", pk=client.pk)
    return render(request, "clinic/plan_book.html", {"client": client, "form": form, "refusals": refusals,
                                                     "planned": planned})


@require_GET
@login_required
def appointment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    row = _appointment(request, pk, "see_calendar", page="appointment")
    return _detail(request, row, RescheduleForm(organisation=row.client.organisation, initial=_initial(row)))


@require_POST
@login_required
def appointment_move(request: HttpRequest, pk: int) -> HttpResponse:
    row = _appointment(request, pk, "book")
    form = RescheduleForm(request.POST, organisation=row.client.organisation)
    if form.is_valid():
        try:
            appointments.reschedule(row, form.wanted().slot, request.user)
        except BookingRefusedError as error:
            row.refresh_from_db()
            return _detail(request, row, form, _refusal_views(error))
        messages.success(request, _("Appointment moved."))
        return redirect("clinic:appointment_detail", pk=row.pk)
    return _detail(request, row, form)


@require_POST
@login_required
def appointment_status(request: HttpRequest, pk: int) -> HttpResponse:
    row = _appointment(request, pk, "book")
    try:
        appointments.set_status(row, request.POST.get("status", ""), request.user)
    except BookingRefusedError as error:
        for refusal in error.refusals:
            for problem in getattr(refusal, "problems", ()):
                messages.error(request, problem)
    else:
        messages.success(request, _("Appointment marked %(status)s.") % {"status": row.get_status_display()})
    return redirect("clinic:appointment_detail", pk=row.pk)


@login_required
def location_hours(request: HttpRequest, pk: int) -> HttpResponse:
    location = access.member_or_404(request.user, Location, pk)
    organisation = organisation_for(request, location.organisation_id, "manage_clinic")
    form = OpeningHoursForm(request.POST or None, location=location)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            location.opening_hours.all().delete()
            for row in form.hours():
                row.save()
            audit.record(request.user, "change", organisation=organisation, detail=f"opening hours of {location.name}")
        messages.success(request, _("Opening hours saved."))
        return redirect("clinic:settings", pk=organisation.pk)
    return render(request, "clinic/hours_form.html", {"form": form, "location": location,
                                                      "organisation": organisation})


def _detail(request: HttpRequest, row: Appointment, form: RescheduleForm,
            refusals: list[dict[str, Any]] | None = None) -> HttpResponse:
    allowed = access.for_request(request, row.client.organisation_id)
    labels = dict(STATUS_CHOICES)
    return render(request, "clinic/appointment.html", {
        "appointment": row, "client": row.client, "form": form, "refusals": refusals or [],
        "next_statuses": [(s, labels[s]) for s in appointments.NEXT_STATUSES.get(row.status, ())],
        "can_book": allowed.can("book"), "can_chart": allowed.can("chart"),
        "day": long_date(timezone.localtime(row.start).date()),
    })


def _appointment(request: HttpRequest, pk: int, action: str, page: str = "") -> Appointment:
    row = access.member_or_404(request.user, Appointment, pk)
    client_for(request, row.client_id, action, page=page)
    return row


def _initial(row: Appointment) -> dict[str, Any]:
    start = timezone.localtime(row.start)
    return {"day": start.date(), "at": start.time(), "minutes": row.minutes, "practitioner": row.practitioner_id,
            "location": row.location_id}


def _refusal_views(error: BookingRefusedError) -> list[dict[str, Any]]:
    """Each refused booking: its day, its problems, the gate's findings with their sources."""
    views = []
    for refusal in error.refusals:
        if not isinstance(refusal, appointments.Refusal):
            continue
        start = timezone.localtime(refusal.wanted.slot.start)
        views.append({"index": refusal.index, "day": long_date(start.date()), "time": start.strftime("%H:%M"),
                      "problems": list(refusal.problems), "findings": gate_view.finding_views(refusal.findings)})
    return views


def _day_param(text: str | None) -> date | None:
    """A day asked in the URL, within ten years of today (else None: year 9999 has no next week)."""
    try:
        day = date.fromisoformat(text or "")
    except ValueError:
        return None
    return day if abs(day - timezone.localdate()) <= URL_DAYS else None


def _int_param(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and 0 < int(text) <= access.MAX_ID else None
