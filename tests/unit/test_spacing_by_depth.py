"""Spacing by protocol and needle depth (issue 13, decisions item 8, E6): deeper needles, longer intervals,
every number in the knowledge base with its worked examples."""

from __future__ import annotations

from itertools import pairwise

import pytest
from test_tracking_builders import alerts, session

from factories import intake, screened
from mesoplan.core.intake_parser import IntakeParser
from mesoplan.core.planning import plan
from mesoplan.knowledge_loader import load_knowledge

KB = load_knowledge()


@pytest.mark.parametrize(("needle_mm", "days"), [(0.25, 14), (1.0, 14), (1.25, 28), (1.5, 28), (2.0, 42), (2.5, 42)])
def test_the_clinic_course_spaces_its_sessions_by_the_deepest_needle(needle_mm: float, days: int) -> None:
    assert KB.session_interval(KB.protocols["clinic_course"], needle_mm) == days


def test_a_quick_course_never_goes_below_its_own_four_weeks_and_deep_work_waits_six() -> None:
    quick = KB.protocols["quick_course"]
    assert (KB.session_interval(quick, 0.5), KB.session_interval(quick, 2.5)) == (28, 42)


def test_where_the_sources_disagree_the_plan_names_the_disagreement_and_takes_the_longer_interval() -> None:
    data = intake(setting="clinic", zones=["cheeks"], goals=["acne_scars"])
    parsed = IntakeParser(KB).parse(data)
    made = plan(screened(data), parsed, KB, "clinic_course")
    assert made.interval_days == 28
    days = [e.date for e in made.events if e.kind == "session"]
    assert {(b - a).days for a, b in pairwise(days)} == {28}
    assert "E6" in KB.protocols["clinic_course"].disagreements


def test_two_charted_sessions_at_two_millimetres_five_weeks_apart_are_too_soon() -> None:
    [alert] = alerts("session_too_soon", [session(0, setting="clinic", needle_mm=2.0),
                                          session(35, setting="clinic", needle_mm=2.0)])
    assert (alert.params["min_days"], alert.params["needle_mm"]) == (42, 2.0)


def test_six_weeks_apart_at_two_millimetres_is_fine() -> None:
    assert alerts("session_too_soon", [session(0, setting="clinic", needle_mm=2.0),
                                       session(42, setting="clinic", needle_mm=2.0)]) == []


def test_radio_frequency_microneedling_is_planned_four_weeks_apart_even_shallow() -> None:
    data = intake(setting="clinic", zones=["cheeks"], goals=["fine_lines"],
                  device={"kind": "rf_microneedling", "needle_mm": 1.0})
    made = plan(screened(data), IntakeParser(KB).parse(data), KB, "clinic_course")
    assert made.interval_days == 28
    assert any("whatever the depth" in w.text for w in made.warnings)
    assert KB.session_interval(KB.protocols["clinic_course"], 0.5, "professional_pen") == 14
