"""Clinic values → what a page shows, in the visitor's language. Presentation only."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mesoplan import services
from mesoplan.core import tracking
from mesoplan.core.plan_model import Message, PlanEvent
from mesoplan.web.clinic.models import Client, PlannedEvent
from mesoplan.web.front import alerts
from mesoplan.web.front.display import BADGES, long_date, zone_name

# A stored needling day keeps its title as English text with its numbers in (`snapshot.planned_rows`):
# the course's session titles are read back into their message so that they translate.
STORED_SESSION = re.compile(r"Session (?P<number>\d+) of (?P<total>\d+)")
EVENT_KINDS = {"prep": _("prepare"), "session": _("session"), "aftercare": _("aftercare"), "recovery": _("recovery"),
               "maintenance": _("maintenance"), "device": _("device"), "check": _("check-in")}


@dataclass(frozen=True)
class Badge:
    verdict: str
    text: str


def badge(verdict: str) -> Badge | None:
    """A verdict as a coloured word; None for no verdict (no intake yet)."""
    return Badge(verdict, str(BADGES[verdict])) if verdict in BADGES else None


@dataclass(frozen=True)
class PlannedView:
    client: Client
    day: str
    iso: str
    kind: str
    kind_label: str
    title: str
    zones: list[str]
    pending_clearance: bool = False


def planned_view(event: PlannedEvent) -> PlannedView:
    """A stored plan event (a needling day) as the dashboard and the client's page show it."""
    kb = services.knowledge()
    return PlannedView(event.client, long_date(event.date), event.date.isoformat(), event.kind,
                       str(EVENT_KINDS.get(event.kind, event.kind)), _stored_title(event.title),
                       [zone_name(z, kb) for z in event.zones])


def _stored_title(title: str) -> str:
    session = STORED_SESSION.fullmatch(title)
    if session is None:
        return gettext(title)
    numbers = {"number": int(session["number"]), "total": int(session["total"])}
    return Message("Session {number} of {total}", numbers).translated(gettext)


def plan_event_view(client: Client, event: PlanEvent, cleared: bool = False) -> PlannedView:
    """An event of a plan made for the page (every kind), translated from its message id; a session
    of a `consult` plan stays pending until a clearance is recorded (`cleared`)."""
    kb = services.knowledge()
    return PlannedView(client, long_date(event.date), event.date.isoformat(), event.kind,
                       str(EVENT_KINDS.get(event.kind, event.kind)), event.title.translated(gettext),
                       [zone_name(z, kb) for z in event.zones], event.pending_clearance and not cleared)


def alert_view(alert: tracking.Alert) -> alerts.AlertView:
    """An alert of the core as the diary shows it (title, text, sources)."""
    return alerts.alert_view(alert, services.knowledge())


def timeline_view(entry: tracking.TimelineEntry) -> alerts.TimelineView:
    return alerts.timeline_view(entry, services.knowledge())
