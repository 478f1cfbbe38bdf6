"""What the clinic's dashboard lists: sessions due this week, open red flags, and clients whose
verdict or plan changed at the last re-screen. Each reads stored rows or asks the core."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet

from mesoplan.core import tracking
from mesoplan.core.plan_model import NEEDLING
from mesoplan.errors import IntakeError
from mesoplan.web.clinic import client_review
from mesoplan.web.clinic.models import Appointment, Client, PlannedEvent
from mesoplan.web.clinic.models.appointments import ACTIVE
from mesoplan.web.records.models import Reaction

RED_FLAG_WINDOW = timedelta(days=30)  # reactions older than this are not read for the dashboard
CHANGED_SHOWN = 100


def due_this_week(clients: QuerySet[Client], today: date) -> QuerySet[PlannedEvent]:
    """Planned sessions from today to six days ahead that no active appointment books, soonest first
    (the booked ones are listed with their appointments)."""
    booked = Appointment.objects.filter(client=OuterRef("client"), planned_date=OuterRef("date"), status__in=ACTIVE)
    return (PlannedEvent.objects.filter(client__in=clients, kind__in=NEEDLING, date__gte=today,
                                        date__lt=today + timedelta(days=7))
            .exclude(Exists(booked))
            .select_related("client").order_by("date", "client__name", "position"))


@dataclass(frozen=True)
class RedFlag:
    client: Client
    alert: tracking.Alert


def red_flags(clients: QuerySet[Client], today: date) -> list[RedFlag]:
    """Open red flags of clients with a reaction in the last weeks (logged by the clinic or at home)."""
    since = today - RED_FLAG_WINDOW
    home = Reaction.objects.filter(date__gte=since).values("owner")
    recent = clients.filter(Q(reactions__date__gte=since) | Q(user__in=home)).distinct()
    found = []
    for client in recent:
        diary = client_review.diary_of(client)
        try:
            alerts = client_review.review(diary, today)
        except IntakeError:
            continue  # a diary the core refuses shows its problem on the client's page
        found += [RedFlag(client, a) for a in client_review.open_red_flags(diary, alerts)]
    return sorted(found, key=lambda f: (f.alert.date, f.client.name), reverse=True)


def changed(clients: QuerySet[Client]) -> QuerySet[Client]:
    """Clients whose answer changed at a re-screen and that nobody has marked as seen yet."""
    return clients.filter(changed_at__isnull=False).order_by("-changed_at", "name")[:CHANGED_SHOWN]
