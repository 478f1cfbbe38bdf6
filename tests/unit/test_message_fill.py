"""A message template filled with its parameters: what a reader sees of a reason, a finding or an error."""

from __future__ import annotations

from datetime import date

from mesoplan.core.i18n import fill


def test_the_parameters_the_template_names_are_written_as_text_and_win_over_the_defaults() -> None:
    text = fill("wait until {until} on {zones}: {needle_mm} mm", {"needle_mm": 0.5, "until": date(2027, 1, 15)},
                until=date(2026, 1, 1), zones=("around_the_mouth", "cheeks"))
    assert text == "wait until 2027-01-15 on around the mouth, cheeks: 0.5 mm"


def test_a_placeholder_no_parameter_fills_stays_as_written_and_braces_doubled_are_kept_single() -> None:
    assert fill("{missing} and {{literal}}", {}, until=None) == "{missing} and {literal}"


def test_a_message_without_placeholders_comes_back_as_it_is() -> None:
    message = "Needling can wake up cold sores."
    assert fill(message, {"washout": object()}, until=None) is message
