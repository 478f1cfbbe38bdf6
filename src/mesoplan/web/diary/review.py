"""One person's diary → the alerts and the timeline, as `mesoplan.core.tracking` finds them.

Alerts come only from `tracking.review`; this module loads the rows, maps them
to core values, and translates what the core says for the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from mesoplan import services
from mesoplan.application import diary
from mesoplan.core import tracking
from mesoplan.core.knowledge import Knowledge
from mesoplan.errors import IntakeError
from mesoplan.web.diary import hooks
from mesoplan.web.front.alerts import AlertView, TimelineView, alert_view, timeline_view
from mesoplan.web.records import mapping
from mesoplan.web.records.models import SavedCheck, SavedPlan


@dataclass(frozen=True)
class DiaryReview:
    alerts: list[AlertView]
    timeline: list[TimelineView]
    problem: str = ""  # the core refused the diary (should not happen: the forms check first)


def latest_plan(user: Any) -> SavedPlan | None:
    return SavedPlan.objects.owned_by(user).first()


def latest_check(user: Any) -> SavedCheck | None:
    """The saved check that governs the person's home sessions: the one changed last."""
    return SavedCheck.objects.owned_by(user).first()


def _diary(user: Any) -> tuple[list[tracking.LoggedSession], list[tracking.LoggedDevice],
                                list[tracking.LoggedReaction], list[tuple[date, str, tuple[str, ...]]]]:
    sessions, devices, reactions = mapping.diary_values(user)
    sessions += hooks.linked_sessions(user)
    return sessions, devices, reactions, mapping.planned_sessions(latest_plan(user))


def _alerts(user: Any, today: date, kb: Knowledge, sessions: list[tracking.LoggedSession],
            devices: list[tracking.LoggedDevice], reactions: list[tracking.LoggedReaction],
            planned: list[tuple[date, str, tuple[str, ...]]]) -> tuple[tracking.Alert, ...]:
    found = tracking.review(sessions, devices, reactions, kb, today, planned=[p[0] for p in planned])
    check = latest_check(user)
    if check is None:
        return found
    gated = diary.logged_session_alerts(check.intake, check.created_at.date(), sessions, kb)
    return (*gated, *found) if gated else found


def alerts(user: Any, today: date) -> tuple[tracking.Alert, ...]:
    """What needs attention in one person's diary, urgent first: the same for the page and the API.
    Raises `IntakeError` for a diary the core refuses."""
    sessions, devices, reactions, planned = _diary(user)
    return _alerts(user, today, services.knowledge(), sessions, devices, reactions, planned)


def review(user: Any, today: date) -> DiaryReview:
    """The alerts (urgent first) and the timeline of one person's diary, with the sessions other
    apps keep for them (a clinic's signed sessions, through `hooks`)."""
    kb = services.knowledge()
    sessions, devices, reactions, planned = _diary(user)
    try:
        found = _alerts(user, today, kb, sessions, devices, reactions, planned)
        entries = tracking.timeline(sessions, reactions, planned=planned)
    except IntakeError as error:
        return DiaryReview([], [], problem=str(error))
    return DiaryReview([alert_view(a, kb) for a in found], [timeline_view(e, kb) for e in entries])
