"""What the logged-in home shows: today's steps, the next session (as the gate allows it), what comes
next, the diary's open alerts and the progress so far."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from mesoplan.application import gate
from mesoplan.core.gate import ProposedSession
from mesoplan.errors import IntakeError
from mesoplan.web.diary import review
from mesoplan.web.diary.flag_cards import FlagCard, cards
from mesoplan.web.front.alerts import AlertView
from mesoplan.web.front.gate_view import FindingView, finding_views
from mesoplan.web.home import person, plan_steps
from mesoplan.web.records.models import SavedPlan, Session

COMING = 3  # the next dated things to do, after today


@dataclass(frozen=True)
class NextSession:
    step: plan_steps.Step
    allowed: bool
    findings: list[FindingView] = field(default_factory=list)  # what blocks it, or what it needs first
    # allowed, but to read first: a red flag a doctor has seen where that look is enough (decisions item 1)
    to_read: list[FindingView] = field(default_factory=list)


@dataclass(frozen=True)
class Progress:
    logged: int
    planned: int
    last_date: date | None
    last_outcome: int | None


@dataclass(frozen=True)
class HomeView:
    plan: SavedPlan | None
    today_steps: list[plan_steps.Step]
    next_session: NextSession | None
    coming: list[plan_steps.Step]
    urgent: list[AlertView]
    alerts: list[AlertView]
    progress: Progress
    problem: str
    flags: list[FlagCard] = field(default_factory=list)  # red flags not closed, with their two steps


def _next_session(user: Any, steps: list[plan_steps.Step], today: date) -> NextSession | None:
    """The first planned session from today, with the gate's answer for it: the home page proposes
    it only as the gate allows (a red flag open, a wait not over: on hold, with why)."""
    upcoming = next((s for s in steps if s.is_session and s.date >= today), None)
    if upcoming is None:
        return None
    who = person.person_now(user)
    if who is None:
        return NextSession(upcoming, allowed=False)
    proposed = ProposedSession("plan", upcoming.date, upcoming.zones, upcoming.needle_mm)
    try:
        answer = gate.answer(who, proposed)
    except IntakeError:
        return NextSession(upcoming, allowed=False)
    standing = [f for f in answer.findings if f.need in ("block", "clearance")]
    seen = [f for f in answer.findings if f.need == "acknowledge" and f.kind == "red_flag"]
    return NextSession(upcoming, allowed=not standing, findings=finding_views(standing), to_read=finding_views(seen))


def _progress(user: Any, steps: list[plan_steps.Step]) -> Progress:
    sessions = Session.objects.owned_by(user)
    last = sessions.only("date", "outcome").first()
    course = sum(1 for s in steps if s.kind == "session")  # as "Session 1 of 8" counts: maintenance apart
    return Progress(logged=sessions.count(), planned=course, last_date=last.date if last else None,
                    last_outcome=last.outcome if last else None)


def home_view(user: Any, today: date) -> HomeView:
    plan = plan_steps.plan_of(user)
    steps = plan_steps.steps(plan)
    found = review.review(user, today)
    alerts = [a for a in found.alerts if a.kind != "session_due"]  # the next-session card says it
    next_session = _next_session(user, steps, today)
    shown = next_session.step if next_session is not None else None
    return HomeView(
        plan=plan,
        today_steps=[s for s in steps if s.date == today],
        next_session=next_session,
        coming=[s for s in steps if s.date > today and s != shown][:COMING],
        urgent=[a for a in alerts if a.level == "urgent"],
        alerts=[a for a in alerts if a.level != "urgent"],
        progress=_progress(user, steps),
        problem=found.problem,
        flags=cards(found.open_flags, back="/"),
    )
