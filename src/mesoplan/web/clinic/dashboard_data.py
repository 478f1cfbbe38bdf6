"""What the clinic's dashboard lists: sessions due this week, open red flags, and clients whose
verdict or plan changed at the last re-screen. Each reads stored rows or asks the core."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from mesoplan import services
from mesoplan.core import tracking
from mesoplan.core.knowledge import Knowledge
from mesoplan.core.plan_model import NEEDLING
from mesoplan.errors import IntakeError
from mesoplan.web.clinic.models import Appointment, Client, ClinicReaction, ClinicSession, PlannedEvent
from mesoplan.web.clinic.models.appointments import ACTIVE
from mesoplan.web.clinic.record_mapping import logged_reaction as clinic_reaction
from mesoplan.web.records.mapping import logged_reaction as home_reaction
from mesoplan.web.records.models import Reaction, Session

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
    """Open red flags of clients with a reaction in the last weeks (logged by the clinic or at home).

    An open red flag is one no session has followed (`client_review.open_red_flags`): so only the
    red-flag reactions on or after each client's latest session, clinic or home, are read — for all
    the clients at once, in a fixed number of queries — and the core says which of them it flags,
    as it does on the client's page.
    """
    since = today - RED_FLAG_WINDOW
    home = Reaction.objects.filter(date__gte=since).values("owner")
    latest_clinic = ClinicSession.objects.filter(client=OuterRef("pk")).order_by("-date").values("date")[:1]
    latest_home = Session.objects.filter(owner=OuterRef("user")).order_by("-date").values("date")[:1]
    recent = {c.pk: c for c in clients.filter(Q(reactions__date__gte=since) | Q(user__in=home)).distinct()
              .annotate(latest_clinic=Subquery(latest_clinic), latest_home=Subquery(latest_home))}
    kb = services.knowledge()
    flagged = Q(symptom__in=[e.id for e in kb.side_effects.values() if e.kind == "red_flag"]) | \
        Q(severity__gte=kb.thresholds.severe_rating)
    reactions: dict[int, list[tracking.LoggedReaction]] = {pk: [] for pk in recent}
    for row in ClinicReaction.objects.filter(flagged, client__in=list(recent)).select_related("session"):
        reactions[row.client_id].append(clinic_reaction(row))
    by_user = {c.user_id: c.pk for c in recent.values() if c.user_id is not None}
    for home_row in Reaction.objects.filter(flagged, owner__in=list(by_user)).select_related("session"):
        reactions[by_user[home_row.owner_id]].append(home_reaction(home_row))
    found = []
    for pk, client in recent.items():
        latest = max((d for d in (client.latest_clinic, client.latest_home) if d is not None), default=None)
        found += [RedFlag(client, a) for a in _open_flags(reactions[pk], latest, kb, today)]
    return sorted(found, key=lambda f: (f.alert.date, f.client.name), reverse=True)


def _open_flags(reactions: list[tracking.LoggedReaction], latest: date | None, kb: Knowledge,
                today: date) -> list[tracking.Alert]:
    """The red flags the core finds among reactions on or after the latest session (`latest`): that session
    is the one each of them follows unless it names its own, as in the whole diary."""
    since_latest = [r for r in reactions if latest is None or r.date >= latest]
    if not since_latest:
        return []
    sessions = [tracking.LoggedSession(latest, "clinic", ())] if latest is not None else []
    try:
        alerts = tracking.review(sessions, [], since_latest, kb, today)
    except IntakeError:
        return []  # a diary the core refuses shows its problem on the client's page
    return [a for a in alerts if a.kind == "red_flag" and (latest is None or a.date >= latest)]


def changed(clients: QuerySet[Client]) -> QuerySet[Client]:
    """Clients whose answer changed at a re-screen and that nobody has marked as seen yet."""
    return clients.filter(changed_at__isnull=False).order_by("-changed_at", "name")[:CHANGED_SHOWN]
