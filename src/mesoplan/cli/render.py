"""Readable text for a person: the verdict first, in plain words, then why.

Written in the language `mesoplan.i18n` has active (`--lang`, else LANGUAGE/LC_ALL/LANG).
Dates are written out in every language ("1 February 2027"); `--json` keeps ISO dates for scripts.
"""

from __future__ import annotations

from datetime import date

from mesoplan.core.knowledge import Knowledge
from mesoplan.core.messages import NOT_A_DOCTOR
from mesoplan.core.screening import ScreeningResult
from mesoplan.core.verdict_words import HEADLINES, SUBLINES
from mesoplan.i18n import (
    SETTING_LABELS,
    _,
    colon,
    doc_date,
    doc_day,
    number_text,
    render_reason,
    shout,
    tidy,
    verdict_label,
)


def headline(result: ScreeningResult) -> str:
    """The verdict first, in the web page's words: "SEE A DOCTOR FIRST — A doctor (or whoever …)"."""
    words = shout(_(HEADLINES[result.verdict]), date=cli_date(result.earliest_start))
    return tidy(f"{words} — {_(SUBLINES[result.verdict])}")


def cli_date(day: date | None) -> str:
    """A date in the CLI's text, written out: "1 February 2027", "1 февраля 2027 г."."""
    return doc_date(day)


def cli_day(day: date) -> str:
    """A timeline day with its weekday: "Mon 1 Feb 2027", "пн 1 февр. 2027", "lun. 1 févr. 2027"."""
    return doc_day(day)


def label(verdict: str) -> str:
    return verdict_label(verdict, _)


def render_screening(result: ScreeningResult, knowledge: Knowledge) -> str:
    """The screening result as plain text, verdict first."""
    lines = [headline(result), ""]
    lines.append(_("Setting: {setting}. Start wanted: {start}.").format(
        setting=_(SETTING_LABELS[result.setting]), start=cli_date(result.start)))
    if result.reasons:
        lines += ["", _("Why:")]
        for r in result.reasons:
            when = " — " + _("until {date}").format(date=cli_date(r.until)) if r.until else ""
            names = [_(knowledge.zones[z].name) if z in knowledge.zones else z for z in r.zones or ()]
            where = f" [{', '.join(names)}]" if names else ""
            lines.append(f"  {label(r.effect):12} {render_reason(r, _, date_text=cli_date)}{where}{when}")
            lines.append("            " + _("sources: {codes}").format(codes=", ".join(r.sources)))
    if result.zones:
        lines += ["", _("Zones (needle length in mm):")]
        for zone_id, z in result.zones.items():
            name = _(knowledge.zones[zone_id].name)
            needle = (_("max {max}, suggested {suggested}").format(
                max=number_text(z.needle.max_mm), suggested=number_text(z.needle.suggested_mm))
                if z.needle else "-")
            until = ", " + _("from {date}").format(date=cli_date(z.until)) if z.until else ""
            lines.append(f"  {name:24} {label(z.verdict).lower():12} {needle}{until}")
    if result.disagreements:
        lines += ["", _("Where the sources disagree, and what mesoplan decided:")]
        for d_id in result.disagreements:
            d = knowledge.disagreements[d_id]
            lines.append(f"  {d.id} {_(d.topic)}{colon()} {_(d.decision)}")
    lines += ["", _(NOT_A_DOCTOR)]
    return tidy("\n".join(lines))
