"""Screening's shortcuts give what the plain code would: the answer built without its __init__,
two reasons ordered without the sort, the person's thresholds checked inline."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from factories import intake
from mesoplan.core.intake_parser import IntakeParser
from mesoplan.core.screening import ScreeningResult, _reason_key, screen
from strategies import KB, any_intakes

EXAMPLES = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PARSER = IntakeParser(KB)


def rebuilt(result: ScreeningResult) -> ScreeningResult:
    """The same answer made by the dataclass's own constructor."""
    return ScreeningResult(**{f.name: getattr(result, f.name) for f in dataclasses.fields(result)})


@EXAMPLES
@given(any_intakes())
def test_the_answer_is_the_one_its_constructor_makes(data: dict[str, Any]) -> None:
    """Every field set, equal and shown alike to an answer made by ScreeningResult(...)."""
    result = screen(PARSER.parse(data), KB)
    again = rebuilt(result)
    assert result == again and repr(result) == repr(again)
    assert dataclasses.replace(result) == result


@EXAMPLES
@given(any_intakes())
def test_the_reasons_are_in_the_order_of_their_key(data: dict[str, Any]) -> None:
    """Strictest first, then by rule; two reasons are ordered as a stable sort would."""
    reasons = screen(PARSER.parse(data), KB).reasons
    assert list(reasons) == sorted(reasons, key=_reason_key)


def test_the_answer_stays_frozen() -> None:
    """Built without __init__, it refuses changes all the same."""
    result = screen(PARSER.parse(intake()), KB)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.verdict = "stop"  # type: ignore[misc]


def test_age_and_skin_type_thresholds() -> None:
    """Below 18, and Fitzpatrick IV or more: one reason each, with the value and the limit; not otherwise."""
    def thresholds(person: dict[str, int]) -> dict[str, tuple[str, dict[str, Any]]]:
        result = screen(PARSER.parse(intake(person=person)), KB)
        return {r.factor: (r.rule, dict(r.params)) for r in result.reasons if r.factor in ("age", "fitzpatrick")}

    assert thresholds({"age": 17, "fitzpatrick": 4}) == {
        "age": ("minor_consult", {"value": 17, "limit": 18}),
        "fitzpatrick": ("darker_skin_pih", {"value": 4, "limit": 4})}
    assert thresholds({"age": 18, "fitzpatrick": 3}) == {}
    assert thresholds({"fitzpatrick": 6}) == {"fitzpatrick": ("darker_skin_pih", {"value": 6, "limit": 4})}
