"""Readable text for a person: the verdict first, in plain words, then why."""

from __future__ import annotations

from mesoplan.core.knowledge import Knowledge
from mesoplan.core.messages import NOT_A_DOCTOR
from mesoplan.core.screening import ScreeningResult
from mesoplan.i18n import _

HEADLINES = {
    "go": "GO AHEAD — nothing you told us stands in the way.",
    "caution": "GO AHEAD WITH CARE — you can start, with the adjustments below.",
    "postpone": "NOT YET — wait: you can start on {date}.",
    "consult": "SEE A DOCTOR FIRST — a doctor or your prescriber must clear it before you start.",
    "stop": "NOT NOW — do not start; no start date can be given yet.",
}


def render_screening(result: ScreeningResult, knowledge: Knowledge) -> str:
    """The screening result as plain text, verdict first."""
    date = result.earliest_start.isoformat() if result.earliest_start else ""
    lines = [_(HEADLINES[result.verdict]).format(date=date), ""]
    lines.append(_("Setting: {setting}. Start wanted: {start}.").format(
        setting=result.setting, start=result.start.isoformat()))
    if result.reasons:
        lines += ["", _("Why:")]
        for r in result.reasons:
            when = f" — {_('until')} {r.until.isoformat()}" if r.until else ""
            where = f" [{', '.join(r.zones)}]" if r.zones else ""
            lines.append(f"  {r.effect.upper():9} {r.render(_(r.message_id))}{where}{when}")
            lines.append(f"            {_('sources')}: {', '.join(r.sources)}")
    if result.zones:
        lines += ["", _("Zones (needle length in mm):")]
        for zone_id, z in result.zones.items():
            name = _(knowledge.zones[zone_id].name)
            needle = (f"{_('max')} {z.needle.max_mm:g}, {_('suggested')} {z.needle.suggested_mm:g}"
                      if z.needle else "-")
            until = f", {_('from')} {z.until.isoformat()}" if z.until else ""
            lines.append(f"  {name:24} {z.verdict:9} {needle}{until}")
    if result.disagreements:
        lines += ["", _("Where the sources disagree, and what mesoplan decided:")]
        for d_id in result.disagreements:
            d = knowledge.disagreements[d_id]
            lines.append(f"  {d.id} {_(d.topic)}: {_(d.decision)}")
    lines += ["", _(NOT_A_DOCTOR)]
    return "\n".join(lines)

