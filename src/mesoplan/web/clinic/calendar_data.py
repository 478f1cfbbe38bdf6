"""What the calendar shows: a clinic's appointments on a day or a week, per practitioner or location,
and which sessions of a client's stored plan are still to book."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from mesoplan.core.plan_model import NEEDLING
from mesoplan.web.clinic.models import Appointment, Client, ClinicSession, PlannedEvent
from mesoplan.web.clinic.models.appointments import ACTIVE, BOOKED

WEEK = 7


def first_day(day: date, span: str) -> date:
    """The first day shown: the day itself, or the Monday of its week."""
    return day - timedelta(days=day.weekday()) if span == "week" else day


def between(appointments: QuerySet[Appointment], first: date, days: int) -> QuerySet[Appointment]:
    """The appointments starting on `days` days from `first` (local time), soonest first."""
    start = timezone.make_aware(datetime.combine(first, time.min))
    return (appointments.filter(start__gte=start, start__lt=start + timedelta(days=days))
            .select_related("client", "practitioner__staff_profile", "location").order_by("start", "id"))


@dataclass(frozen=True)
class Day:
    day: date
    appointments: list[Appointment]


def by_day(rows: QuerySet[Appointment], first: date, days: int) -> list[Day]:
    grouped: dict[date, list[Appointment]] = {first + timedelta(days=i): [] for i in range(days)}
    for row in rows:
        grouped.setdefault(timezone.localtime(row.start).date(), []).append(row)
    return [Day(d, grouped[d]) for d in sorted(grouped)]


def booked_days(client: Client) -> set[date]:
    """The planned days the client's active appointments book."""
    days = client.appointments.filter(status__in=ACTIVE, planned_date__isnull=False).values_list("planned_date",
                                                                                                  flat=True)
    return {d for d in days if d is not None}


def to_book(client: Client) -> list[PlannedEvent]:
    """The needling days of the client's stored plan not booked yet, after the last charted session."""
    last = ClinicSession.objects.filter(client=client).order_by("-date").values_list("date", flat=True).first()
    booked = booked_days(client)
    rows = client.planned_events.filter(kind__in=NEEDLING).order_by("date", "position")
    if last is not None:
        rows = rows.filter(date__gt=last)
    return [e for e in rows if e.date not in booked]


def due_bookings(clinics: Sequence[int], today: date) -> QuerySet[Appointment]:
    """The clinics' appointments from today to six days ahead that are not cancelled or missed (by their
    locations: the index on a location's appointments by start serves it)."""
    return between(Appointment.objects.filter(location__organisation_id__in=clinics, status__in=ACTIVE), today, WEEK)


def upcoming(client: Client, now: datetime) -> QuerySet[Appointment]:
    """The client's appointments from today on (every status), soonest first."""
    since = timezone.make_aware(datetime.combine(timezone.localdate(now), time.min))
    return (client.appointments.filter(start__gte=since)
            .select_related("practitioner__staff_profile", "location").order_by("start"))


def before_earliest_start(clinics: Sequence[int], now: datetime) -> QuerySet[Appointment]:
    """Booked appointments from now on whose day comes before the client's earliest start as last
    screened (a re-screen after a knowledge or policy change moved it past them), or whose client
    may not be treated at all now (a stop). Each needs a new day, or a call to the client."""
    rows = Appointment.objects.filter(location__organisation_id__in=clinics, status=BOOKED, start__gte=now)
    moved = Q(client__earliest_start__isnull=False, start__date__lt=F("client__earliest_start"))
    return (rows.filter(moved | Q(client__verdict="stop"))
            .select_related("client", "practitioner__staff_profile", "location"))
