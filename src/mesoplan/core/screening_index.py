"""Lookup tables that screening builds once per knowledge base, not once per intake.

Pure. The rules of each factor already filtered by setting, each zone's needle band
with the setting's ceiling applied, and the clinic suggestions of each combination of
goals met so far. A bulk re-screen of a clinic's clients screens thousands of intakes
against one knowledge base, and these answers are the same for all of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from mesoplan.core.knowledge import Knowledge, Rule
from mesoplan.core.verdicts import RANK, SETTINGS, Setting, Verdict

# Goal combinations remembered per setting; a population rarely names more, and past
# this the suggestions are still computed, only not kept.
MAX_REMEMBERED_GOALS = 4096


class NeedleAdvice(NamedTuple):
    """Needle length for a zone: the most allowed and the one suggested, in mm."""

    max_mm: float
    suggested_mm: float


@dataclass(frozen=True, slots=True)
class SettingIndex:
    """What screening needs of the knowledge base in one setting."""

    setting: Setting
    ceiling: float
    disagreements: tuple[str, ...]
    disagreements_sorted: tuple[str, ...]  # as a screening that names no other returns them
    by_category: Mapping[str, Mapping[str, tuple[Rule, ...]]]  # category → factor id → rules of this setting
    advice: Mapping[str, NeedleAdvice]  # zone → advice before goals and device
    goal_mm: tuple[tuple[str, float, frozenset[str]], ...]  # clinic goals with a length: (id, mm, zones or empty)
    last_dose: frozenset[str]  # rules whose message names the last dose before the start
    partial_effect: Verdict  # thresholds.yaml: the most a zonal rule covering some treated zones gives the person
    partial_rank: int
    by_goals: dict[tuple[str, ...], Mapping[str, NeedleAdvice]] = field(default_factory=dict)  # memo

    def advice_for(self, goals: tuple[str, ...]) -> Mapping[str, NeedleAdvice]:
        """Each zone's advice for these goals, before the device: in a clinic the goals' longest length."""
        if self.setting != "clinic" or not goals:
            return self.advice
        known = self.by_goals.get(goals)
        if known is not None:
            return known
        wanted = [(mm, zones) for goal_id, mm, zones in self.goal_mm if goal_id in goals]
        out = dict(self.advice)
        for zone_id, base in self.advice.items():
            lengths = [mm for mm, zones in wanted if not zones or zone_id in zones]
            if lengths:
                out[zone_id] = NeedleAdvice(base.max_mm, min(max(lengths), base.max_mm))
        if len(self.by_goals) < MAX_REMEMBERED_GOALS:
            self.by_goals[goals] = out
        return out


@dataclass(frozen=True, slots=True)
class ScreeningIndex:
    """The tables of both settings, and the disagreements each zone brings."""

    settings: Mapping[str, SettingIndex]
    zone_disagreements: Mapping[str, tuple[str, ...]]  # only zones that have some


def index_of(knowledge: Knowledge) -> ScreeningIndex:
    """The knowledge base's screening tables, built on first use and kept with it."""
    index = knowledge.screening_index
    if index is None:
        index = _build(knowledge)
        # Knowledge is frozen; its index is a cache derived from the rest, never compared.
        object.__setattr__(knowledge, "screening_index", index)
    assert isinstance(index, ScreeningIndex)
    return index


def _build(kb: Knowledge) -> ScreeningIndex:
    return ScreeningIndex(
        settings={s: _setting(kb, s) for s in SETTINGS},
        zone_disagreements={z.id: z.disagreements for z in kb.zones.values() if z.disagreements},
    )


def _setting(kb: Knowledge, setting: Setting) -> SettingIndex:
    by_category: dict[str, dict[str, tuple[Rule, ...]]] = {}
    for (category, factor), rules in kb.rules_by_factor.items():
        kept = tuple(r for r in rules if setting in r.settings)
        if kept:
            by_category.setdefault(category, {})[factor] = kept
    ceiling = kb.settings[setting].max_mm
    advice = {}
    for zone in kb.zones.values():
        band = zone.needle.get(setting)
        if band is not None:
            most = min(band.max_mm, ceiling)
            advice[zone.id] = NeedleAdvice(most, min(band.suggested_mm, most))
    goal_mm = tuple((g.id, g.clinic_needle_mm, frozenset(g.zones)) for g in kb.goals.values()
                    if g.clinic_needle_mm is not None)
    last_dose = frozenset(r.id for r in kb.all_rules() if "{last_dose}" in r.message)
    shown = kb.settings[setting].disagreements
    partial = kb.thresholds.partial_zone_effect
    return SettingIndex(setting, ceiling, shown, tuple(sorted(set(shown))), by_category, advice, goal_mm, last_dose,
                        partial, RANK[partial])
