"""A plan as rows a person reads top to bottom, shared by the CLI and the PDF handout.

Repeated details are folded: a line already shown earlier in the plan is not shown
again, except in aftercare, which a person reads on the day after every session.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from mesoplan.core.i18n import N_
from mesoplan.core.knowledge import Knowledge
from mesoplan.core.plan_model import NEEDLING, Day, Message, Plan, PlanEvent
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


@dataclass
class CalendarDay:
    """One day a person acts on (the daily calendar's event, a line of the handout's summary): its main
    event and the events folded into it."""

    main: PlanEvent
    folded: list[PlanEvent] = field(default_factory=list)


def daily(plan: Plan) -> list[CalendarDay]:
    """The plan's events grouped as the daily calendar shows them.

    A needling day gathers every event of its date, and the later ones that are no preparation
    up to the next needling day (recovery, check-ins, the review); a preparation step on a day
    without needling is an event of its own, and so is anything before the first needling day.
    """
    by_day = {e.date: CalendarDay(e) for e in plan.events if e.kind in NEEDLING}
    days = list(by_day.values())
    last: CalendarDay | None = None
    for event in plan.events:
        if event.kind in NEEDLING:
            last = by_day[event.date]
        elif event.date in by_day:
            by_day[event.date].folded.append(event)
        elif event.kind == "prep" or last is None:
            days.append(CalendarDay(event))
        else:
            last.folded.append(event)
    order = {id(e): i for i, e in enumerate(plan.events)}
    return sorted(days, key=lambda d: (d.main.date, order[id(d.main)]))


# What a home user buys, said plainly (issue 12: "20 new sterile rollers implied, never said").
CARTRIDGE_TITLE = "A new sterile cartridge for the {device}"  # the planner's device event, at home
BUY_CARTRIDGES = N_("Sterile cartridges for your {device}: {count}, a new one for each session.")
BUY_DEVICES = N_("Sterile single-use {device}: {count}, a new one for each session.")


def shopping(plan: Plan) -> list[Message]:
    """What a home user buys for the whole plan: a new sterile device or cartridge for each needling
    day (the plan's device events), and the serum the sessions apply. A clinic brings its own."""
    if plan.screening.setting != "home":
        return []
    out: list[Message] = []
    devices = [e for e in plan.events if e.kind == "device"]
    if devices:
        wording = BUY_CARTRIDGES if devices[0].title.id == CARTRIDGE_TITLE else BUY_DEVICES
        out.append(Message(wording, {"device": devices[0].title.params.get("device", ""), "count": len(devices)}))
    sessions = plan.sessions
    if sessions:
        # the session's serum line (the planner's "Serum: …" messages): which serum, or what kind to get
        out += [d for d in sessions[0].details if d.id.startswith("Serum")]
    return out
