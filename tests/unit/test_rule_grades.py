"""Each rule's evidence grade (issue 13): its own `grade`, or D when only seed articles and D-level pages
stand behind it; carried into the contract's JSON beside each reason."""

from __future__ import annotations

from factories import condition, intake, screened
from mesoplan.core.knowledge import rule_grades
from mesoplan.core.serialize import screening_data
from mesoplan.knowledge_loader import load_knowledge

KB = load_knowledge()


def test_a_rule_with_its_own_grade_keeps_it() -> None:
    grades = rule_grades(KB)
    assert grades["smoking_healing"] == "A"
    assert grades["isotretinoin_washout"] == "A"
    assert grades["active_implant_rf"] == "D"


def test_a_rule_resting_only_on_seed_articles_and_clinic_pages_is_grade_d() -> None:
    rule = next(r for r in KB.all_rules() if r.id == "cardiac_disease_consult")
    assert rule.grade is None
    assert rule_grades(KB)["cardiac_disease_consult"] == "D"


def test_every_rule_of_the_shipped_base_has_a_grade() -> None:
    grades = rule_grades(KB)
    assert [r.id for r in KB.all_rules() if r.id not in grades] == []


def test_an_older_rule_graded_from_the_evidence_files_shows_that_grade() -> None:
    grades = rule_grades(KB)
    assert grades["darker_skin_pih"] == "A"
    assert grades["fish_oil_pause"] == "C"
    assert grades["sunburn_wait"] == "D"


def test_every_rule_of_issue_13_is_graded() -> None:
    new = ["active_implant_rf", "metal_implant_rf_zone", "gold_threads_rf_zone", "autoimmune_disease_consult",
           "smoking_healing", "radiotherapy_area_wait", "photosensitising_drug_sun", "latex_allergy",
           "chlorhexidine_allergy", "numbing_cream_other_allergy", "chemical_peel_superficial_gap",
           "chemical_peel_medium_gap", "chemical_peel_deep_gap", "laser_nonablative_gap",
           "laser_fractional_ablative_gap", "laser_ablative_full_gap", "botulinum_toxin_gap", "dermal_filler_gap"]
    grades = rule_grades(KB)
    assert [r for r in new if r not in grades] == []


def test_the_contracts_reason_carries_its_grade() -> None:
    data = screening_data(screened(intake(conditions=[condition("smoking"), condition("eczema")])), KB)
    by_rule = {r["rule"]: r["grade"] for r in data["reasons"]}
    assert by_rule["smoking_healing"] == "A"
    assert by_rule["eczema_area"] is None or by_rule["eczema_area"] in "ABCD"
