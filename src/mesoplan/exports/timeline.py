"""A plan as rows a person reads top to bottom, shared by the CLI and the PDF handout.

Repeated details are folded: a line already shown earlier in the plan is not shown
again, except in aftercare, which a person reads on the day after every session.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from mesoplan.core.i18n import N_
from mesoplan.core.knowledge import Knowledge
from mesoplan.core.plan_model import Day, Plan, PlanEvent
from mesoplan.i18n import DateText, _, number_text, render_message

Translate = Callable[[str], str]

KIND_LABELS = {
    "prep": N_("Prepare"), "device": N_("Device"), "session": N_("Session"), "maintenance": N_("Maintenance"),
    "aftercare": N_("Aftercare"), "recovery": N_("Recovery"), "check": N_("Check-in"),
}
PENDING = N_("pending clearance")
# Aftercare is read on the day, after every session: always shown whole.
UNFOLDED = frozenset({"aftercare"})


@dataclass(frozen=True, slots=True)
class Row:
    """One event as shown: its day, label, title, the details not shown before, and the end of a window."""

    date: date
    kind: str
    label: str
    title: str
    lines: tuple[str, ...]
    pending: bool
    end: Day | None


def event_title(event: PlanEvent, knowledge: Knowledge, translate: Translate = _,
                date_text: DateText | None = None) -> str:
    """The event's title; a session's adds its zones and needle lengths."""
    title = render_message(event.title, translate, date_text=date_text)
    if event.zones:
        names = {z: translate(knowledge.zones[z].name) for z in event.zones}
        zones = ", ".join(
            translate("{zone} {mm} mm").format(zone=names[z], mm=number_text(event.needle_mm[z]))
            if z in event.needle_mm else names[z] for z in event.zones)
        title = f"{title} — {zones}"
    return title


def rows(plan: Plan, knowledge: Knowledge, translate: Translate = _, date_text: DateText | None = None) -> list[Row]:
    """Every event of the plan in order, with details already shown earlier left out."""
    shown: set[str] = set()
    out = []
    for event in plan.events:
        lines = []
        if event.kind != "recovery":  # its title already says until when
            for detail in event.details:
                text = render_message(detail, translate, date_text=date_text)
                if text not in shown or event.kind in UNFOLDED:
                    shown.add(text)
                    lines.append(text)
        out.append(Row(event.date, event.kind, translate(KIND_LABELS[event.kind]),
                       event_title(event, knowledge, translate, date_text), tuple(lines), event.pending_clearance,
                       event.end))
    return out


def cited(plan: Plan) -> list[str]:
    """Every source code the plan cites (protocol, reasons, events), in order of first use."""
    codes = [*plan.protocol.sources, *(c for r in plan.screening.reasons for c in r.sources),
             *(c for e in plan.events for c in e.sources)]
    return list(dict.fromkeys(codes))
