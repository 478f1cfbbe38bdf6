"""The reasons come strictest first (two ordered as the sort would); the person's thresholds give one reason each."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings

from factories import intake
from mesoplan.core.intake_parser import IntakeParser
from mesoplan.core.screening import _reason_key, screen
from profiles import examples
from strategies import KB, any_intakes

EXAMPLES = settings(max_examples=examples(120), deadline=None, suppress_health_check=[HealthCheck.too_slow])
PARSER = IntakeParser(KB)


@EXAMPLES
@given(any_intakes())
def test_the_reasons_are_in_the_order_of_their_key(data: dict[str, Any]) -> None:
    """Strictest first, then by rule; two reasons are ordered as a stable sort would."""
    reasons = screen(PARSER.parse(data), KB).reasons
    assert list(reasons) == sorted(reasons, key=_reason_key)


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
