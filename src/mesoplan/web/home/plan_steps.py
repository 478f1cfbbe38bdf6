"""A person's saved plan as dated steps, in the active language.

The dates, kinds and zones come from the saved plan (the contract's JSON, what the person kept).
The titles are stored in English; they are rendered again in the reader's language from the same
intake planned as on the day the plan was saved, matched by (day, kind, key). A step the re-made
plan no longer has (the knowledge base changed since) keeps its stored title.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext

from mesoplan import services
from mesoplan.errors import IntakeError
from mesoplan.exports.timeline import KIND_LABELS, event_title
from mesoplan.web.front.display import long_date
from mesoplan.web.records.models import SavedPlan

SESSION_KINDS = ("session", "maintenance")  # every needling the plan schedules


@dataclass(frozen=True)
class Step:
    date: date
    kind: str
    label: str  # "Prepare", "Session", … in the reader's language
    title: str
    zones: tuple[str, ...]
    needle_mm: dict[str, float]

    @property
    def is_session(self) -> bool:
        return self.kind in SESSION_KINDS


def _titles(plan: SavedPlan) -> dict[tuple[str, str, str], str]:
    kb = services.knowledge()
    saved_on = timezone.localdate(plan.created_at)
    try:
        remade = services.plan_intake(services.parse_intake(plan.saved_check.intake, today=saved_on),
                                      plan.protocol_id or None, today=saved_on)
    except IntakeError:
        return {}
    return {(e.date.isoformat(), e.kind, e.key): event_title(e, kb, gettext, date_text=long_date)
            for e in remade.events}


def steps(plan: SavedPlan | None) -> list[Step]:
    """Every dated step of the saved plan, in order, titled in the active language."""
    if plan is None:
        return []
    titles = _titles(plan)
    out = []
    for event in plan.plan.get("events", []):
        kind = str(event.get("kind", ""))
        key = (str(event.get("date")), kind, str(event.get("key", "")))
        out.append(Step(date=date.fromisoformat(event["date"]), kind=kind,
                        label=gettext(KIND_LABELS.get(kind, kind)), title=titles.get(key, str(event.get("title", ""))),
                        zones=tuple(event.get("zones") or ()),
                        needle_mm={str(k): float(v) for k, v in (event.get("needle_mm_by_zone") or {}).items()}))
    return sorted(out, key=lambda s: s.date)


def by_day(all_steps: list[Step]) -> dict[date, list[Step]]:
    days: dict[date, list[Step]] = {}
    for step in all_steps:
        days.setdefault(step.date, []).append(step)
    return days


def plan_of(user: Any) -> SavedPlan | None:
    """The plan that governs the person's days: the latest one saved (as the diary reads it)."""
    return SavedPlan.objects.owned_by(user).select_related("saved_check").first()
