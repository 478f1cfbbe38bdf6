"""An anticoagulant's INR result (issue 13, evidence part 2 section 8): read only when recorded, judged by the
knowledge base's limit, and never a reason to change or stop the drug."""

from __future__ import annotations

from datetime import date

import pytest

from factories import intake, medication, reason, rules_of, screened
from mesoplan.core.intake_parser import IntakeParser
from mesoplan.errors import IntakeError
from mesoplan.knowledge_loader import load_knowledge


def on_warfarin(inr: float | None, **fields: object) -> dict[str, object]:
    return intake(medications=[medication("anticoagulant", prescribed=True, inr=inr)], **fields)


def test_an_inr_above_the_limit_stops_the_session_and_sends_the_person_to_the_prescriber() -> None:
    result = screened(on_warfarin(3.6))
    assert result.verdict == "stop"
    message = reason(result, "anticoagulant_inr_above").message
    assert "3.6" in message and "3.5" in message and "prescriber" in message
    assert "stop your" not in message.lower() and "stop taking" not in message.lower()


def test_an_inr_at_the_limit_is_noted_and_the_prescribers_clearance_still_decides() -> None:
    result = screened(on_warfarin(3.5, setting="clinic"))
    assert reason(result, "anticoagulant_inr_recorded").effect == "caution"
    assert "anticoagulant_inr_above" not in rules_of(result)
    assert reason(result, "anticoagulant_prescriber").effect == "consult"
    assert result.verdict == "consult"


def test_without_an_inr_the_anticoagulant_asks_for_the_prescriber_and_for_the_result() -> None:
    result = screened(on_warfarin(None))
    assert not {"anticoagulant_inr_above", "anticoagulant_inr_recorded"} & rules_of(result)
    assert "INR" in reason(result, "anticoagulant_prescriber").message


def test_an_inr_recorded_with_an_anticoagulant_already_stopped_says_nothing() -> None:
    result = screened(intake(medications=[medication("anticoagulant", stopped=date(2026, 10, 1), inr=4.0)]))
    assert not {"anticoagulant_inr_above", "anticoagulant_inr_recorded"} & rules_of(result)


@pytest.mark.parametrize("value", [0, -1, 25, "high", True])
def test_an_inr_that_is_no_laboratory_result_is_refused_naming_its_field(value: object) -> None:
    data = intake(medications=[{"id": "anticoagulant", "inr": value}])
    with pytest.raises(IntakeError) as caught:
        IntakeParser(load_knowledge()).parse(data)
    assert caught.value.field == "medications[0].inr"
