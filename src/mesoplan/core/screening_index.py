"""Lookup tables that screening builds once per knowledge base, not once per intake.

Pure. The rules of each factor already filtered by setting, each zone's needle band
with the setting's ceiling applied, and each zone's clinic suggestion for each goal length.
A bulk re-screen of a clinic's clients screens thousands of intakes against one knowledge
base, and these answers are the same for all of them. They are made when the base is built
(core/derived.py) and never change afterwards: nothing is remembered while screening.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from mesoplan.core.knowledge import Knowledge, Rule
from mesoplan.core.verdicts import RANK, SETTINGS, Setting, Verdict


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
    # Clinic goals with a length: goal → (mm, zones it is limited to, or empty for every zone).
    goal_mm: Mapping[str, tuple[float, frozenset[str]]]
    # The advice of every zone when the longest wanted goal for every zone is this length.
    advice_at: Mapping[float, Mapping[str, NeedleAdvice]]
    last_dose: frozenset[str]  # rules whose message names the last dose before the start
    partial_effect: Verdict  # thresholds.yaml: the most a zonal rule covering some treated zones gives the person
    partial_rank: int

    def advice_for(self, goals: tuple[str, ...]) -> Mapping[str, NeedleAdvice]:
        """Each zone's advice for these goals, before the device: in a clinic the goals' longest length.

        Most goals apply to every zone, so their longest length picks one of the tables made
        with the index; only a goal limited to some zones (the scalp, the body) changes those.
        """
        if self.setting != "clinic" or not goals:
            return self.advice
        everywhere: float | None = None
        limited: list[tuple[float, frozenset[str]]] = []
        for goal in goals:
            wanted = self.goal_mm.get(goal)
            if wanted is None:
                continue
            if wanted[1]:
                limited.append(wanted)
            elif everywhere is None or wanted[0] > everywhere:
                everywhere = wanted[0]
        table = self.advice if everywhere is None else self.advice_at[everywhere]
        if not limited:
            return table
        out = dict(table)
        for zone_id, base in self.advice.items():
            lengths = [mm for mm, zones in limited if zone_id in zones]
            if lengths:
                longest = max(lengths) if everywhere is None else max(everywhere, *lengths)
                out[zone_id] = NeedleAdvice(base.max_mm, min(longest, base.max_mm))
        return out


@dataclass(frozen=True, slots=True)
class ScreeningIndex:
    """The tables of both settings, and the disagreements each zone brings."""

    settings: Mapping[str, SettingIndex]
    zone_disagreements: Mapping[str, tuple[str, ...]]  # only zones that have some


def build_index(kb: Knowledge) -> ScreeningIndex:
    """The knowledge base's screening tables (made once, with the base: core/derived.py)."""
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
    goal_mm = {g.id: (g.clinic_needle_mm, frozenset(g.zones)) for g in kb.goals.values()
               if g.clinic_needle_mm is not None}
    advice_at = {mm: {z: NeedleAdvice(a.max_mm, min(mm, a.max_mm)) for z, a in advice.items()}
                 for mm, zones in goal_mm.values() if not zones}
    last_dose = frozenset(r.id for r in kb.all_rules() if "{last_dose}" in r.message)
    shown = kb.settings[setting].disagreements
    partial = kb.thresholds.partial_zone_effect
    return SettingIndex(setting, ceiling, shown, tuple(sorted(set(shown))), by_category, advice, goal_mm,
                        advice_at, last_dose, partial, RANK[partial])
