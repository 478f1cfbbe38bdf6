"""The tables made with the knowledge base answer as working it out for each screening would."""

from __future__ import annotations

import pickle
from itertools import combinations

from mesoplan.core.policy import ClinicPolicy, apply_policy
from mesoplan.core.screening_index import NeedleAdvice
from mesoplan.knowledge_loader import load_knowledge

KB = load_knowledge()


def worked_out(goals: tuple[str, ...]) -> dict[str, NeedleAdvice]:
    """A clinic zone's suggestion: the longest length of the goals that apply to it, never above its limit."""
    advice = dict(KB.derived.screening.settings["clinic"].advice)
    for zone_id, base in advice.items():
        lengths = [g.clinic_needle_mm for g in (KB.goals[i] for i in goals)
                   if g.clinic_needle_mm is not None and (not g.zones or zone_id in g.zones)]
        if lengths:
            advice[zone_id] = NeedleAdvice(base.max_mm, min(max(lengths), base.max_mm))
    return advice


def test_the_clinic_advice_for_any_two_goals_is_the_longest_length_of_those_that_apply() -> None:
    """Every goal alone and every pair, including the scalp's and the body's goals limited to some zones."""
    clinic = KB.derived.screening.settings["clinic"]
    for size in (1, 2):
        for goals in combinations(sorted(KB.goals), size):
            assert dict(clinic.advice_for(goals)) == worked_out(goals), goals


def test_home_advice_ignores_goals() -> None:
    home = KB.derived.screening.settings["home"]
    assert home.advice_for(("acne_scars",)) is home.advice


def test_a_policy_gets_tables_of_its_own() -> None:
    """A clinic's lower needle limit shows in its tables, and the loaded base keeps its own."""
    changed = apply_policy(KB, ClinicPolicy("c1", "v1", needle_max={("forehead", "clinic"): 0.5}))
    assert changed.derived.screening.settings["clinic"].advice["forehead"].max_mm == 0.5
    assert KB.derived.screening.settings["clinic"].advice["forehead"].max_mm > 0.5


def test_the_knowledge_base_pickles_with_its_tables() -> None:
    """A worker process or a cache may receive the base: its derived tables come along and still answer."""
    copy = pickle.loads(pickle.dumps(KB))
    assert copy.derived.screening.settings["home"].advice == KB.derived.screening.settings["home"].advice
