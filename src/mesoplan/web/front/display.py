"""Screening values → what a page shows, in the visitor's language.

Presentation only: the verdicts, dates and needle lengths all come from the
services; this module picks words for them and translates knowledge texts
(English message ids) at render time.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_lazy as _

from mesoplan import i18n
from mesoplan.core import verdict_words
from mesoplan.core.knowledge import Knowledge, rule_grades
from mesoplan.core.screening import Reason, ScreeningResult

# The words of each verdict (core/verdict_words.py: the PDF, the calendar and the CLI say the same).
HEADLINES = {verdict: gettext_lazy(words) for verdict, words in verdict_words.HEADLINES.items()}
SUBLINES = {verdict: gettext_lazy(words) for verdict, words in verdict_words.SUBLINES.items()}
BADGES = {verdict: gettext_lazy(words) for verdict, words in verdict_words.BADGES.items()}
NOT_A_DOCTOR = _("mesoplan supports your decision; it does not replace a doctor. "
                 "If in doubt, or if anything worries you after a session, see one.")


def long_date(day: date | None) -> str:
    """A date written out for people in the active language: "1 February 2027",
    "1 февраля 2027 г." (the month in the genitive), "1 février 2027"."""
    return i18n.long_date(day) if day else ""


@dataclass(frozen=True)
class SourceRef:
    """A cited source: its code, what it is (for a tooltip) and its anchor on the sources page."""

    code: str
    title: str
    citation: bool = False  # the title is a publication's citation, kept as published (not translated)

    @property
    def anchor(self) -> str:
        return f"src-{self.code}"

    @property
    def href(self) -> str:
        """The link to the source on the sources page (a page may cite hundreds: the page's address
        is worked out once per script prefix, not once per link)."""
        return f"{_sources_page(get_script_prefix())}#{self.anchor}"


@functools.lru_cache(maxsize=8)
def _sources_page(script_prefix: str) -> str:
    return reverse("front:sources")


def source_refs(codes: Iterable[str], knowledge: Knowledge) -> list[SourceRef]:
    """Source codes with the citation or seed statement each stands for."""
    refs = []
    for code in codes:
        if code in knowledge.seed_facts:
            refs.append(SourceRef(code, gettext(knowledge.seed_facts[code].statement)))
        elif code in knowledge.sources:
            refs.append(SourceRef(code, knowledge.sources[code].citation, citation=True))
        else:
            refs.append(SourceRef(code, code))
    return refs


def zone_name(zone_id: str, knowledge: Knowledge) -> str:
    """A zone's name in the active language."""
    zone = knowledge.zones.get(zone_id)
    return gettext(zone.name) if zone else zone_id.replace("_", " ")


def symptom_name(symptom_id: str, knowledge: Knowledge) -> str:
    """A side effect's name in the active language."""
    effect = knowledge.side_effects.get(symptom_id)
    return gettext(effect.name) if effect else symptom_id.replace("_", " ")


@dataclass(frozen=True)
class ReasonView:
    verdict: str
    badge: str
    text: str
    until: str
    zones: list[str]
    sources: list[SourceRef]
    grade: str = ""  # the rule's evidence grade, A to D ("" when not graded)
    grade_meaning: str = ""
    note: str = ""  # the person's own words for the entry behind the reason ("other condition")


# What each evidence grade rests on, in a person's words (shared/research/clinical-evidence*.md).
GRADE_MEANINGS = {
    "A": _("a regulator, a guideline or a systematic review"),
    "B": _("a clinical trial"),
    "C": _("reviews, case reports or surveys"),
    "D": _("only makers', clinics' or consumer texts: not evidence, and mesoplan takes the safer side"),
}


def reason_view(reason: Reason, knowledge: Knowledge) -> ReasonView:
    """One reason: its translated message with dates filled in, its zones, sources and evidence grade."""
    grade = rule_grades(knowledge).get(reason.rule, "")
    named = reason
    if reason.zones and "zones" not in reason.params:
        # {zones} in a message would read "periorbital"; a person reads "Around the eyes".
        zones = ", ".join(zone_name(z, knowledge) for z in reason.zones)
        named = reason._replace(params={**reason.params, "zones": zones})
    return ReasonView(
        verdict=reason.effect,
        badge=str(BADGES[reason.effect]),
        text=i18n.render_reason(named, gettext),
        until=long_date(reason.until),
        zones=[zone_name(z, knowledge) for z in reason.zones or ()],
        sources=source_refs(reason.sources, knowledge),
        grade=grade,
        grade_meaning=str(GRADE_MEANINGS[grade]) if grade else "",
        note=str(reason.params.get("note", "")),
    )


@dataclass(frozen=True)
class ZoneRow:
    id: str
    name: str
    verdict: str
    badge: str
    max_mm: str
    suggested_mm: str
    until: str


@dataclass(frozen=True)
class SideView:
    says: str
    sources: list[SourceRef]


@dataclass(frozen=True)
class DisagreementView:
    id: str
    topic: str
    sides: list[SideView]
    decision: str
    why: str


def disagreement_view(disagreement_id: str, knowledge: Knowledge) -> DisagreementView:
    """Both sides of a disagreement between sources, and what mesoplan decided."""
    d = knowledge.disagreements[disagreement_id]
    return DisagreementView(
        id=d.id,
        topic=gettext(d.topic),
        sides=[SideView(gettext(s.says), source_refs(s.sources, knowledge)) for s in d.sides],
        decision=gettext(d.decision),
        why=gettext(d.why),
    )


def mm(value: float | None) -> str:
    return "" if value is None else i18n.number_text(value)


@dataclass(frozen=True)
class AnswerView:
    """Everything the answer partials show for one screening."""

    verdict: str
    headline: str
    subline: str
    not_a_doctor: str
    setting: str
    start: str
    earliest_start: str
    reasons: list[ReasonView]
    zones: list[ZoneRow]
    disagreements: list[DisagreementView]
    knowledge_version: str


def answer_view(result: ScreeningResult, knowledge: Knowledge) -> AnswerView:
    """The screening result as the answer page shows it: verdict first, then why."""
    zones = [
        ZoneRow(
            id=zone_id,
            name=zone_name(zone_id, knowledge),
            verdict=z.verdict,
            badge=str(BADGES[z.verdict]),
            max_mm=mm(z.needle.max_mm if z.needle else None),
            suggested_mm=mm(z.needle.suggested_mm if z.needle else None),
            until=long_date(z.until),
        )
        for zone_id, z in result.zones.items()
    ]
    return AnswerView(
        verdict=result.verdict,
        headline=str(HEADLINES[result.verdict]).format(date=long_date(result.earliest_start)),
        subline=str(SUBLINES[result.verdict]),
        not_a_doctor=str(NOT_A_DOCTOR),
        setting=str(SETTING_WORDS.get(result.setting, result.setting)),
        start=long_date(result.start),
        earliest_start=long_date(result.earliest_start),
        reasons=[reason_view(r, knowledge) for r in result.reasons],
        zones=zones,
        disagreements=[disagreement_view(d, knowledge) for d in result.disagreements],
        knowledge_version=result.knowledge_version,
    )


SETTING_WORDS = {"home": gettext_lazy("at home, by yourself"), "clinic": gettext_lazy("in a clinic, by a professional")}
