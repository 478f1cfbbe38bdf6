"""A plan as plain text: the verdict first, then a dated timeline, the red flags, the not-a-doctor line."""

from __future__ import annotations

import textwrap

from mesoplan.cli.render import cli_date, cli_day, headline, label
from mesoplan.core.i18n import N_
from mesoplan.core.knowledge import Knowledge
from mesoplan.core.messages import NOT_A_DOCTOR
from mesoplan.core.plan_model import Plan
from mesoplan.exports.timeline import PENDING, rows
from mesoplan.i18n import _, colon, number_text, render_message, render_reason, tidy

WIDTH = 100
INDENT = " " * 34  # under the title column: margin (2) + date (16) + label (14) + gap (2)
# The red flags under one heading per level of urgency, most urgent first (decisions item 1).
FLAG_HEADINGS = {
    "emergency": N_("Call emergency services now if you notice:"),
    "doctor_today": N_("See a doctor today if you notice:"),
    "doctor_soon": N_("See a doctor in the coming days if you notice:"),
}


def render_plan(plan: Plan, knowledge: Knowledge) -> str:
    """The plan as text a person can follow from top to bottom."""
    s = plan.screening
    out = [headline(s)]
    if s.reasons:
        out.append("")
    for r in s.reasons:
        out += _wrap(f"{label(r.effect):12} {render_reason(r, _, date_text=cli_date)}", "  ", "               ")
    out += ["", _("Protocol: {title} ({id}).").format(title=_(plan.protocol.title), id=plan.protocol.id)]
    first = plan.first_session
    if first is not None:
        course = sum(1 for e in plan.sessions if e.kind == "session")
        out.append(_("First session: {first}. {count} sessions, {interval} days apart or more, then {maintenance} "
                     "maintenance sessions.").format(first=cli_date(first), count=course,
                                                     interval=plan.interval_days,
                                                     maintenance=len(plan.sessions) - course))
    if plan.warnings:
        out += ["", _("Read this first:")]
        for w in plan.warnings:
            out += _wrap(render_message(w, _, date_text=cli_date), "  - ", "    ")
    out += ["", _("Zones (needle length in mm):")]
    for z in plan.zones:
        needle = number_text(z.needle_mm) if z.needle_mm is not None else "-"
        when = _("from {date}").format(date=cli_date(z.available)) if z.available else _("left out")
        out.append(f"  {_(knowledge.zones[z.zone].name):24} {label(z.verdict).lower():12} {needle:>5}  {when}")
    if plan.events:
        out += ["", _("Timeline:")]
        day = None
        for row in rows(plan, knowledge, date_text=cli_date):
            shown = cli_day(row.date) if row.date != day else ""
            day = row.date
            pending = f"  [{_(PENDING).upper()}]" if row.pending else ""
            out.append(f"  {shown:16}{row.label:14}  {row.title}{pending}")
            for line in row.lines:
                out += _wrap(line, INDENT + "- ", INDENT + "  ")
    for level, heading in FLAG_HEADINGS.items():
        flags = [f for f in knowledge.side_effects.values() if f.kind == "red_flag" and f.level == level]
        if flags:
            out += ["", _(heading)]
        for flag in flags:
            out += _wrap(f"{_(flag.name)}{colon()} {_(flag.advice)}", "  - ", "    ")
    out += ["", _(NOT_A_DOCTOR)]
    return tidy("\n".join(out))


def _wrap(text: str, first: str, rest: str) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=first, subsequent_indent=rest) or [first.rstrip()]
