"""A plan → the one-screen summary the answer page opens with (issue 12): the next three dated things
to do, the sessions as a short list, and what to buy. The whole plan, day by day, has a page of its own
(`plan_display.plan_view`); the PDF's first page says the same things (`mesoplan.exports.pdf`).

Only what the summary shows is translated here: an answer page no longer renders every step of a
course of eight sessions and their aftercare, which made it long to read and slow to send.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext

from mesoplan import i18n
from mesoplan.core.knowledge import Knowledge
from mesoplan.core.plan_model import Plan, PlanEvent
from mesoplan.exports.timeline import daily, event_title, shopping
from mesoplan.web.front.display import SourceRef, long_date

NEXT_STEPS = 3  # "the next three dated things to do"


@dataclass(frozen=True)
class Step:
    """A dated thing to do, on one line: its day, its title, whether it waits for a doctor."""

    day: str
    iso: str
    title: str
    kind: str
    pending_clearance: bool


@dataclass(frozen=True)
class PlanSummary:
    protocol: str
    protocol_summary: str
    interval_days: int
    warnings: list[str]
    next_steps: list[Step]
    sessions: list[Step]
    buy: list[str]  # what to buy for the whole plan, said plainly (home only)
    first_session: str
    sources: list[SourceRef]  # what the course rests on: the protocol's sources (the page lists them once)
    pending: str  # the mark of a step that waits for a doctor, translated once


def _step(event: PlanEvent, knowledge: Knowledge, title: str | None = None) -> Step:
    return Step(day=long_date(event.date), iso=event.date.isoformat(),
                title=title if title is not None else event_title(event, knowledge, gettext),
                kind=event.kind, pending_clearance=event.pending_clearance)


def plan_summary(plan: Plan, knowledge: Knowledge) -> PlanSummary:
    """What a person needs first: the next three things to do (a session day counts once, its
    preparation and aftercare are on the plan's page), the sessions' dates, and what to buy."""
    return PlanSummary(
        protocol=gettext(plan.protocol.title),
        protocol_summary=gettext(plan.protocol.summary),
        interval_days=plan.interval_days,
        warnings=[i18n.render_message(w, gettext) for w in plan.warnings],
        next_steps=[_step(day.main, knowledge) for day in daily(plan)[:NEXT_STEPS]],
        # the session's own title ("Session 3 of 8"): the zones and needles are the same at each one
        # and the zone table above says them
        sessions=[_step(e, knowledge, i18n.render_message(e.title, gettext)) for e in plan.sessions],
        buy=[i18n.render_message(m, gettext) for m in shopping(plan)],
        first_session=long_date(plan.first_session),
        sources=[SourceRef(code, "") for code in plan.protocol.sources],
        pending=gettext("once a doctor clears it"),
    )
