"""One client's sessions and reactions, at home and in the clinic, read by the core's tracking.

The clinic's sessions and reactions, and — when the client linked their account —
their own diary, go to `tracking.review` and `tracking.timeline` together: an
overtreatment between two clinic visits shows, and so does a red flag logged at home.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from mesoplan import services
from mesoplan.core import tracking
from mesoplan.core.plan_model import NEEDLING
from mesoplan.web.clinic.models import Client
from mesoplan.web.clinic.record_mapping import logged_reaction, logged_session
from mesoplan.web.records import mapping


@dataclass(frozen=True)
class ClientDiary:
    sessions: list[tracking.LoggedSession]
    devices: list[tracking.LoggedDevice]
    reactions: list[tracking.LoggedReaction]
    planned: list[tuple[date, str, tuple[str, ...]]]


def diary_of(client: Client) -> ClientDiary:
    """The client's whole diary as core values: the clinic's rows and, if linked, their own."""
    sessions = [logged_session(s) for s in client.sessions.prefetch_related("zones")]
    reactions = [logged_reaction(r) for r in client.reactions.select_related("session")]
    devices: list[tracking.LoggedDevice] = []
    if client.user_id is not None:
        home_sessions, devices, home_reactions = mapping.diary_values(client.user)
        sessions += home_sessions
        reactions += home_reactions
    planned = [(e.date, "clinic", tuple(e.zones)) for e in client.planned_events.filter(kind__in=NEEDLING)]
    return ClientDiary(sessions, devices, reactions, planned)


def review(diary: ClientDiary, today: date) -> tuple[tracking.Alert, ...]:
    """What needs attention, as the core finds it. Raises `IntakeError` for a diary the core refuses."""
    return tracking.review(diary.sessions, diary.devices, diary.reactions, services.knowledge(), today,
                           planned=[p[0] for p in diary.planned])


def timeline(diary: ClientDiary) -> tuple[tracking.TimelineEntry, ...]:
    """Home and clinic sessions, planned sessions and reactions, by date."""
    return tracking.timeline(diary.sessions, diary.reactions, planned=diary.planned)


def open_red_flags(diary: ClientDiary, alerts: tuple[tracking.Alert, ...]) -> list[tracking.Alert]:
    """The red flags no session has followed since: the core holds the next session back for
    these (see `tracking.review`), and so the clinic must act on them."""
    latest = max((s.date for s in diary.sessions), default=None)
    return [a for a in alerts if a.kind == "red_flag" and (latest is None or a.date >= latest)]
