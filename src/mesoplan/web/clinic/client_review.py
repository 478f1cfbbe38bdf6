"""One client's sessions and reactions, at home and in the clinic, read by the core's tracking.

The clinic's sessions and reactions, and — when the client linked their account —
their own diary, go to `tracking.review` and `tracking.timeline` together: an
overtreatment between two clinic visits shows, and so does a red flag logged at home.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from mesoplan import services
from mesoplan.core import tracking, tracking_window
from mesoplan.core.plan_model import NEEDLING
from mesoplan.web.clinic.models import Client
from mesoplan.web.clinic.record_mapping import logged_reaction, logged_session
from mesoplan.web.records import mapping
from mesoplan.web.records.recent import RecentDiary, recent_diary, sessions_from


@dataclass(frozen=True)
class ClientDiary:
    sessions: list[tracking.LoggedSession]
    devices: list[tracking.LoggedDevice]
    reactions: list[tracking.LoggedReaction]
    planned: list[tuple[date, str, tuple[str, ...]]]


def diary_of(client: Client) -> ClientDiary:
    """The client's whole diary as core values: the clinic's rows and, if linked, their own. The pages read
    only what can still matter (`recent_of`); the whole diary is what the tests hold that reading to."""
    sessions = [logged_session(s) for s in client.sessions.prefetch_related("zones")]
    reactions = [logged_reaction(r) for r in client.reactions.select_related("session")]
    devices: list[tracking.LoggedDevice] = []
    if client.user_id is not None:
        home_sessions, devices, home_reactions = mapping.diary_values(client.user)
        sessions += home_sessions
        reactions += home_reactions
    planned = [(e.date, "clinic", tuple(e.zones)) for e in client.planned_events.filter(kind__in=NEEDLING)]
    return ClientDiary(sessions, devices, reactions, planned)


def recent_of(client: Client, today: date) -> tuple[RecentDiary, list[tuple[date, str, tuple[str, ...]]]]:
    """What of the client's diary can still matter today (`core.tracking_window`), the clinic's rows and,
    if linked, their own, read in a fixed number of queries; and the clinic's planned sessions."""
    def clinic_sessions(cutoff: date | None) -> list[tracking.LoggedSession]:
        return [logged_session(s) for s in sessions_from(client.sessions.all(), cutoff).prefetch_related("zones")]

    def clinic_reactions(rule: Q) -> list[tracking.LoggedReaction]:
        return [logged_reaction(r) for r in client.reactions.filter(rule).select_related("session")]

    user = client.user if client.user_id is not None else None
    diary = recent_diary(user, today, services.knowledge(), clinic_sessions, clinic_reactions)
    planned = [(e.date, "clinic", tuple(e.zones)) for e in client.planned_events.filter(kind__in=NEEDLING)]
    return diary, planned


def recent_review(diary: RecentDiary, planned: list[tuple[date, str, tuple[str, ...]]],
                  today: date) -> tuple[tuple[tracking.Alert, ...], tuple[tracking.TimelineEntry, ...]]:
    """The alerts that can still matter and the timeline from `diary.read_from` on, as the core finds them.
    Raises `IntakeError` for a diary the core refuses."""
    found = tracking.review(diary.sessions, diary.devices, diary.reactions, services.knowledge(), today,
                            planned=[p[0] for p in planned])
    alerts = tuple(a for a in found if tracking_window.still_matters(a, diary.since, diary.latest_session))
    entries = tracking.timeline(diary.sessions, diary.reactions, planned=planned)
    return alerts, tuple(e for e in entries if e.date >= diary.read_from)


def review(diary: ClientDiary, today: date) -> tuple[tracking.Alert, ...]:
    """What needs attention, as the core finds it. Raises `IntakeError` for a diary the core refuses."""
    return tracking.review(diary.sessions, diary.devices, diary.reactions, services.knowledge(), today,
                           planned=[p[0] for p in diary.planned])


def timeline(diary: ClientDiary) -> tuple[tracking.TimelineEntry, ...]:
    """Home and clinic sessions, planned sessions and reactions, by date."""
    return tracking.timeline(diary.sessions, diary.reactions, planned=diary.planned)
