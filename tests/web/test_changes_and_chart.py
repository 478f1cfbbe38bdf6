"""What changed between two screenings, and the progress chart's geometry."""

from __future__ import annotations

from datetime import date

from mesoplan.web.diary import chart
from mesoplan.web.selfcheck.changes import compare


def screening(verdict: str, reasons: list[dict[str, object]], zones: dict[str, object], version: str = "1") -> dict:
    return {"verdict": verdict, "earliest_start": "2026-12-01", "reasons": reasons, "zones": zones,
            "knowledge_version": version}


REASON = {"rule": "r1", "factor": "aspirin", "effect": "consult", "until": None, "zones": None, "message": "Ask."}
ZONE = {"verdict": "go", "needle_mm": {"max": 0.5, "suggested": 0.25}}


def test_identical_screenings_change_nothing() -> None:
    same = screening("go", [REASON], {"cheeks": ZONE})
    assert not compare(same, same).any


def test_a_new_reason_a_new_verdict_and_a_zone_change_are_listed() -> None:
    before = screening("go", [], {"cheeks": ZONE})
    after = screening("consult", [REASON], {"cheeks": {**ZONE, "verdict": "consult"}, "neck": ZONE}, version="2")
    changes = compare(before, after)
    assert changes.verdict == ("go", "doctor first")
    assert changes.added == ["Ask."] and changes.removed == []
    assert changes.zones == ["Cheeks: go, up to 0.5 mm → doctor first, up to 0.5 mm", "Neck: added (go)"]
    assert changes.knowledge_updated


def test_a_moved_start_is_written_out() -> None:
    before = screening("go", [], {})
    after = {**screening("postpone", [], {}), "earliest_start": "2027-03-15"}
    assert compare(before, after).earliest_start == ("1 December 2026", "15 March 2027")


def test_an_empty_chart_says_so() -> None:
    assert chart.build([], [], []).empty


def test_outcomes_rise_on_the_chart_as_ratings_rise() -> None:
    drawn = chart.build([(date(2026, 1, 1), 3, ""), (date(2026, 2, 1), 8, "")], [], [date(2026, 1, 1)])
    first, last = drawn.outcomes
    assert first.x < last.x and first.y > last.y  # later to the right, better higher up
    assert drawn.outcome_path.startswith("M") and " L" in drawn.outcome_path


def test_a_severe_reaction_is_drawn_higher_than_a_mild_one() -> None:
    drawn = chart.build([], [(date(2026, 1, 2), 1, "", False), (date(2026, 1, 3), 5, "", True)], [])
    mild, severe = drawn.reactions
    assert severe.y < mild.y and severe.css == "red_flag"


def test_a_single_day_is_drawn_in_the_middle() -> None:
    drawn = chart.build([(date(2026, 1, 1), 5, "")], [], [])
    assert drawn.outcomes[0].x == chart.LEFT + (chart.WIDTH - chart.LEFT - chart.RIGHT) / 2


def test_reactions_are_drawn_on_a_severity_scale_of_their_own_below_the_outcomes() -> None:
    day = date(2026, 1, 1)
    drawn = chart.build([(day, 8, "")], [(day, 4, "", True), (day, 1, "", False)], [day])
    (outcome,), (bad, mild) = drawn.outcomes, drawn.reactions
    assert outcome.y < drawn.outcome_bottom < drawn.severity_top <= bad.y < mild.y <= drawn.plot_bottom
    assert [v for _, v in drawn.severity_ticks] == [1, 3, 5] and [v for _, v in drawn.y_ticks][-1] == 10


def test_the_chart_spans_the_window_asked_for() -> None:
    drawn = chart.build([(date(2026, 7, 1), 5, "")], [], [], date(2026, 1, 1), date(2026, 12, 31))
    assert chart.LEFT < drawn.outcomes[0].x < chart.WIDTH / 2 + chart.LEFT
    assert drawn.x_ticks[0][1] == "2026-01-01" and drawn.x_ticks[-1][1] == "2026-12-31"
