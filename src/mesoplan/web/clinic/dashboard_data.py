"""What the clinic's dashboard lists: sessions due this week, red flags not resolved, and clients whose
verdict or plan changed at the last re-screen. Each reads stored rows or asks the core.

Each takes the ids of the clinics whose clients it reads, and joins the client rows rather than naming
them: "clients of these clinics" as a subquery made the database list a big clinic's every client
(50 000 ids) for each of these reads, where a join starts from the few rows it looks for."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, QuerySet

from mesoplan import services
from mesoplan.core import tracking
from mesoplan.core.knowledge import Knowledge
from mesoplan.core.plan_model import NEEDLING
from mesoplan.errors import IntakeError
from mesoplan.web.clinic.models import Appointment, Client, ClinicReaction, PlannedEvent
from mesoplan.web.clinic.models.appointments import ACTIVE
from mesoplan.web.clinic.record_mapping import logged_reaction as clinic_reaction
from mesoplan.web.records import flags as home_flags
from mesoplan.web.records.mapping import logged_reaction as home_reaction
from mesoplan.web.records.models import Reaction

CHANGED_SHOWN = 100


def due_this_week(clinics: Sequence[int], today: date) -> QuerySet[PlannedEvent]:
    """Planned sessions from today to six days ahead that no active appointment books, soonest first
    (the booked ones are listed with their appointments)."""
    booked = Appointment.objects.filter(client=OuterRef("client"), planned_date=OuterRef("date"), status__in=ACTIVE)
    return (PlannedEvent.objects.filter(client__organisation_id__in=clinics, kind__in=NEEDLING, date__gte=today,
                                        date__lt=today + timedelta(days=7))
            .exclude(Exists(booked))
            .select_related("client").order_by("date", "client__name", "position"))


@dataclass(frozen=True)
class RedFlag:
    client: Client
    alert: tracking.Alert


def red_flags(clinics: Sequence[int], today: date) -> list[RedFlag]:
    """The clients' red flags nobody has resolved, latest first: the clinic's (as the gate reads them,
    `gate_store.open_flag_rows`) and those a linked client logged at home (`records.flags`), each
    with its alert as the core words it. A session that followed a flag does not close it (decisions
    item 1): only its `resolved` step does. A fixed number of queries however many clients.
    """
    kb = services.knowledge()
    flagged = home_flags.flagged(kb)
    found: list[RedFlag] = []
    clients = Client.objects.filter(organisation_id__in=clinics)
    for row in (ClinicReaction.objects.filter(flagged, client__organisation_id__in=clinics)
                .exclude(flag_status="resolved").select_related("client", "session")):
        found += [RedFlag(row.client, a) for a in _flag_alerts(clinic_reaction(row), kb, today)]
    home_rows = list(Reaction.objects.filter(flagged, owner__in=clients.filter(user__isnull=False).values("user"))
                     .exclude(flag_status="resolved").select_related("session"))
    linked: dict[int, list[Client]] = {}
    for client in clients.filter(user__in={r.owner_id for r in home_rows}):
        if client.user_id is not None:
            linked.setdefault(client.user_id, []).append(client)
    for home_row in home_rows:
        alerts = _flag_alerts(home_reaction(home_row), kb, today)
        found += [RedFlag(client, a) for client in linked.get(home_row.owner_id, []) for a in alerts]
    return sorted(found, key=lambda f: (f.alert.date, f.client.name), reverse=True)


def _flag_alerts(reaction: tracking.LoggedReaction, kb: Knowledge, today: date) -> list[tracking.Alert]:
    """The red-flag alert the core gives this reaction (none when it is no red flag)."""
    sessions = [tracking.LoggedSession(reaction.session_date, "clinic", ())] if reaction.session_date else []
    try:
        alerts = tracking.review(sessions, [], [reaction], kb, today)
    except IntakeError:
        return []  # a diary the core refuses shows its problem on the client's page
    return [a for a in alerts if a.kind == "red_flag"]


def changed(clinics: Sequence[int]) -> QuerySet[Client]:
    """Clients whose answer changed at a re-screen and that nobody has marked as seen yet."""
    return (Client.objects.filter(organisation_id__in=clinics, changed_at__isnull=False)
            .order_by("-changed_at", "name")[:CHANGED_SHOWN])
