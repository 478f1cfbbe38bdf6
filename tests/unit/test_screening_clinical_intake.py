"""The intake items a professional asks every client (issue 13): implants, autoimmune disease,
radiotherapy, smoking, light-sensitising drugs, procedure allergies and the free-text "other" entries."""

from __future__ import annotations

from datetime import date

import pytest

from factories import condition, device, intake, medication, procedure, reason, rules_of, screened
from mesoplan.core.intake_parser import IntakeParser
from mesoplan.errors import IntakeError
from mesoplan.knowledge_loader import load_knowledge

RF = device("rf_microneedling", needle_mm=1.0)
PEN = device("professional_pen", needle_mm=1.0)


def test_a_pacemaker_needs_the_cardiologist_before_radio_frequency_microneedling() -> None:
    result = screened(intake(setting="clinic", conditions=[condition("active_implant")], device=RF))
    assert result.verdict == "consult"
    assert reason(result, "active_implant_rf").effect == "consult"
    assert "grade D" in reason(result, "active_implant_rf").message


def test_a_pacemaker_does_not_stand_in_the_way_of_plain_needling_and_the_answer_says_why() -> None:
    result = screened(intake(setting="clinic", conditions=[condition("active_implant")], device=PEN))
    assert "active_implant_rf" not in rules_of(result)
    assert reason(result, "active_implant_plain_needling").effect == "go"
    assert result.verdict == "go"


def test_a_metal_implant_in_one_zone_rules_out_radio_frequency_there_only() -> None:
    result = screened(intake(setting="clinic", conditions=[condition("metal_implant_in_area", zones=["cheeks"])],
                             device=RF))
    assert result.zones["cheeks"].verdict == "stop"
    assert result.zones["forehead"].verdict != "stop"
    assert reason(result, "metal_implant_rf_zone").effect == "caution"


def test_gold_threads_ask_for_care_with_plain_needling_and_a_doctor_with_radio_frequency() -> None:
    plain = screened(intake(conditions=[condition("gold_threads_in_area", zones=["cheeks"])]))
    assert plain.zones["cheeks"].verdict == "caution"
    rf = screened(intake(setting="clinic", conditions=[condition("gold_threads_in_area", zones=["cheeks"])],
                         device=RF))
    assert rf.zones["cheeks"].verdict == "consult"


def test_autoimmune_disease_needs_a_doctor_first() -> None:
    result = screened(intake(conditions=[condition("autoimmune_disease")]))
    assert result.verdict == "consult"
    assert "Koebner" in reason(result, "autoimmune_disease_consult").message


def test_radiotherapy_to_the_area_postpones_that_zone_three_months_and_then_needs_a_doctor() -> None:
    recent = screened(intake(procedures=[procedure("radiotherapy_to_area", on=date(2026, 10, 1), zones=["cheeks"])]))
    assert reason(recent, "radiotherapy_area_wait").until == date(2027, 1, 1)
    assert recent.zones["cheeks"].verdict == "consult"
    assert recent.zones["forehead"].verdict == "go"
    long_ago = screened(intake(procedures=[procedure("radiotherapy_to_area", on=date(2024, 1, 1))]))
    assert "radiotherapy_area_wait" not in rules_of(long_ago)
    assert long_ago.verdict == "consult"


def test_smoking_warns_without_blocking_and_stopping_before_the_start_silences_it() -> None:
    smoker = screened(intake(conditions=[condition("smoking")]))
    assert smoker.verdict == "caution"
    quit_smoking = screened(intake(conditions=[condition("smoking", until=date(2026, 5, 1))]))
    assert "smoking_healing" not in rules_of(quit_smoking)


def test_a_prescribed_light_sensitising_drug_is_a_warning_that_never_says_stop_it() -> None:
    result = screened(intake(medications=[medication("photosensitising_drug", prescribed=True)]))
    found = reason(result, "photosensitising_drug_sun")
    assert found.effect == "caution"
    assert "do not stop it" in found.message


@pytest.mark.parametrize(("allergen", "setting", "effect"), [
    ("latex", "home", "caution"), ("chlorhexidine", "clinic", "caution"),
    ("numbing_cream_other", "clinic", "consult"), ("numbing_cream_other", "home", "caution"),
])
def test_procedure_allergies_each_give_their_answer(allergen: str, setting: str, effect: str) -> None:
    result = screened(intake(setting=setting, allergies=[allergen]))
    assert result.verdict == effect


@pytest.mark.parametrize("setting", ["home", "clinic"])
def test_another_condition_in_ones_own_words_always_needs_a_professional(setting: str) -> None:
    entry = {"id": "other_condition", "note": "Hashimoto's thyroiditis"}
    result = screened(intake(setting=setting, conditions=[entry]))
    assert result.verdict == "consult"
    assert reason(result, "other_condition_review").effect == "consult"


def test_another_medicine_stopped_within_a_year_still_needs_a_professional() -> None:
    entry = {"id": "other_medication", "note": "acitretin", "stopped": "2026-03-01"}
    assert screened(intake(medications=[entry])).verdict == "consult"


def test_the_note_is_kept_on_the_parsed_entry_and_a_note_that_is_not_text_is_refused() -> None:
    parser = IntakeParser(load_knowledge())
    parsed = parser.parse(intake(conditions=[{"id": "other_condition", "note": "  gout "}]))
    assert parsed.conditions[0].note == "gout"
    with pytest.raises(IntakeError) as refused:
        parser.parse(intake(medications=[{"id": "other_medication", "note": 12}]))
    assert refused.value.field == "medications[0].note"


def test_the_reason_keeps_the_persons_own_words_for_whoever_reviews_it() -> None:
    result = screened(intake(conditions=[{"id": "other_condition", "note": "Raynaud's phenomenon"}]))
    assert reason(result, "other_condition_review").params["note"] == "Raynaud's phenomenon"
