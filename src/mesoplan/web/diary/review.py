"""One person's diary → the alerts and the timeline, as `mesoplan.core.tracking` finds them.

Alerts come only from `tracking.review`; this module loads the part of the diary that can
still matter today (`records.recent`, `core.tracking_window`), maps it to core values, and
translates what the core says for the page. Its cost does not grow with the diary's length.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from mesoplan import services
from mesoplan.application import diary as diary_gate
from mesoplan.core import tracking, tracking_window
from mesoplan.core.knowledge import Knowledge
from mesoplan.errors import IntakeError
from mesoplan.web.diary import hooks
from mesoplan.web.front.alerts import AlertView, TimelineView, alert_view, timeline_view
from mesoplan.web.front.errors import full_message
from mesoplan.web.records import flags, mapping
from mesoplan.web.records.models import Reaction, SavedCheck, SavedPlan
from mesoplan.web.records.recent import RecentDiary, recent_diary


@dataclass(frozen=True)
class DiaryReview:
    alerts: list[AlertView]
    timeline: list[TimelineView]  # from `read_from` on, with the plan's sessions to come
    read_from: date | None = None
    problem: str = ""  # the core refused the diary (should not happen: the forms check first)
    open_flags: list[Reaction] = field(default_factory=list)  # `flags.open_flag_rows`, latest first


def latest_plan(user: Any) -> SavedPlan | None:
    return SavedPlan.objects.owned_by(user).first()


def latest_check(user: Any) -> SavedCheck | None:
    """The saved check that governs the person's home sessions: the one changed last."""
    return SavedCheck.objects.owned_by(user).first()


def _recent(user: Any, today: date, kb: Knowledge) -> RecentDiary:
    return recent_diary(user, today, kb, linked=lambda cutoff: hooks.linked_sessions(user, cutoff))


def _alerts(user: Any, today: date, kb: Knowledge, diary: RecentDiary,
            planned: list[tuple[date, str, tuple[str, ...]]],
            flag_rows: list[Reaction] | None = None) -> tuple[tracking.Alert, ...]:
    """`flag_rows`: `flags.flag_rows(user, diary.since)` if already read (read here only if needed)."""
    found = tracking.review(diary.sessions, diary.devices, diary.reactions, kb, today, planned=[p[0] for p in planned])
    check = latest_check(user)
    if check is not None:
        # the gate judges each session on its own: only those whose alert can still matter are asked
        recent = [s for s in diary.sessions if s.date >= diary.since]
        rows = flag_rows if flag_rows is not None else flags.flag_rows(user, diary.since, kb)
        gated = diary_gate.logged_session_alerts(check.intake, check.created_at.date(), recent, kb,
                                                 flags.histories_of(rows, kb))
        found = (*gated, *found)
    answered = diary.answered_flags  # a flag a doctor saw or someone closed: its card says where it stands
    return tuple(a for a in found if tracking_window.still_matters(a, diary.since, diary.latest_session)
                 and not (a.kind == "red_flag" and (a.params.get("symptom_id"), a.date) in answered))


def alerts(user: Any, today: date) -> tuple[tracking.Alert, ...]:
    """What needs attention in one person's diary, urgent first: the same for the page and the API.
    Raises `IntakeError` for a diary the core refuses."""
    kb = services.knowledge()
    return _alerts(user, today, kb, _recent(user, today, kb), mapping.planned_sessions(latest_plan(user)))


def review(user: Any, today: date) -> DiaryReview:
    """The alerts (urgent first) and the recent timeline of one person's diary, with the sessions
    other apps keep for them (a clinic's signed sessions, through `hooks`), and the red flags still
    open (read with those the alerts need, in one query)."""
    kb = services.knowledge()
    diary = _recent(user, today, kb)
    planned = mapping.planned_sessions(latest_plan(user))
    flag_rows = flags.flag_rows(user, diary.since, kb)
    still_open = flags.still_open(flag_rows)
    try:
        found = _alerts(user, today, kb, diary, planned, flag_rows)
        entries = [e for e in tracking.timeline(diary.sessions, diary.reactions, planned=planned)
                   if e.date >= diary.read_from]
    except IntakeError as error:  # the core's refusal in the page's language
        return DiaryReview([], [], problem=full_message(error), open_flags=still_open)
    return DiaryReview([alert_view(a, kb) for a in found], [timeline_view(e, kb) for e in entries],
                       read_from=diary.read_from, open_flags=still_open)
