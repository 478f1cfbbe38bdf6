"""A plan value → the timeline a page shows, translated at render time.

The rows (titles with zones and needles, repeated details folded) are the same
the CLI and the PDF show (`mesoplan.exports.timeline.rows`); this adds the
long dates and the source links of a web page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext

from mesoplan import i18n
from mesoplan.core.knowledge import Knowledge
from mesoplan.core.plan_model import NEEDLING, Plan
from mesoplan.exports.timeline import rows
from mesoplan.web.front.display import SourceRef, long_date, source_refs

# Shown at once: the preparation and the first sessions; the rest of the plan folds away.
SESSIONS_SHOWN = 3


@dataclass(frozen=True)
class EventView:
    day: str
    iso: str
    kind: str
    label: str
    title: str
    details: list[str]
    until: str
    pending_clearance: bool
    sources: list[SourceRef]


@dataclass(frozen=True)
class PlanView:
    protocol: str
    protocol_summary: str
    interval_days: int
    events: list[EventView]
    later: list[EventView]
    warnings: list[str]
    first_session: str


def _last_day(end: date | None) -> str:
    """A window's last day: the plan's `end` is the first day after it, as in iCalendar."""
    return long_date(end - timedelta(days=1)) if end is not None else ""


def plan_view(plan: Plan, knowledge: Knowledge) -> PlanView:
    """Every event of a plan in date order; those after the first few sessions go into `later`."""
    events = [
        EventView(day=long_date(row.date), iso=row.date.isoformat(), kind=row.kind, label=row.label,
                  title=row.title, details=list(row.lines), until=_last_day(row.end),
                  pending_clearance=row.pending, sources=source_refs(event.sources, knowledge))
        for row, event in zip(rows(plan, knowledge, gettext), plan.events, strict=True)
    ]
    cut, seen = len(events), 0
    for i, event in enumerate(plan.events):
        if event.kind in NEEDLING:
            seen += 1
            if seen == SESSIONS_SHOWN:
                cut = i + 1
                break
    # keep the aftercare that follows the last session shown on the same day
    while cut < len(events) and plan.events[cut].date == plan.events[cut - 1].date:
        cut += 1
    return PlanView(
        protocol=gettext(plan.protocol.title),
        protocol_summary=gettext(plan.protocol.summary),
        interval_days=plan.interval_days,
        events=events[:cut],
        later=events[cut:],
        warnings=[i18n.render_message(w, gettext) for w in plan.warnings],
        first_session=long_date(plan.first_session),
    )
