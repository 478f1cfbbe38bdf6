"""Screening, case by case: each expected figure here was checked by hand against a calendar and the base."""

from __future__ import annotations

from datetime import date

from factories import (
    START,
    condition,
    contract_example,
    device,
    intake,
    medication,
    procedure,
    reason,
    rules_of,
    screened,
)

# -- the example intake of the contract ------------------------------------------------------


def test_the_contract_example_needs_a_doctor_first() -> None:
    """The contract's example intake is `consult` (prescribed aspirin, nickel allergy), with no start date."""
    result = screened(contract_example())
    assert result.verdict == "consult"
    assert result.earliest_start is None


def test_the_contract_example_waits_six_months_after_isotretinoin() -> None:
    """Isotretinoin stopped on 1 August 2026 postpones until 1 February 2027."""
    found = reason(screened(contract_example()), "isotretinoin_washout")
    assert (found.effect, found.until, found.factor) == ("postpone", date(2027, 2, 1), "isotretinoin")


def test_the_contract_example_waits_fourteen_days_after_botulinum_toxin_on_the_injected_forehead_only() -> None:
    """Botulinum toxin in the forehead on 20 November 2026 postpones the forehead until 4 December 2026;
    the cheeks and the eye area, not injected, need no wait (a caution for the person)."""
    found = reason(screened(contract_example()), "botulinum_toxin_gap")
    assert (found.effect, found.zone_effect, found.zones, found.until) == (
        "caution", "postpone", ("forehead",), date(2026, 12, 4))


def test_the_contract_example_cautions_about_eczema_on_the_cheeks_only() -> None:
    """Eczema on the cheeks (one of three zones) is a caution for the person, naming the cheeks."""
    result = screened(contract_example())
    found = reason(result, "eczema_area")
    assert (found.effect, found.zones, found.zone_effect) == ("caution", ("cheeks",), "consult")
    assert result.zones["cheeks"].verdict == "consult"


def test_the_contract_example_limits_the_needle_around_the_eyes() -> None:
    """At home the periorbital zone allows at most 0.25 mm, and the 0.5 mm roller is flagged there."""
    result = screened(contract_example())
    assert result.zones["periorbital"].needle is not None
    assert result.zones["periorbital"].needle.max_mm == 0.25
    assert reason(result, "needle_too_long_for_zone").zones == ("periorbital",)


def test_the_contract_example_ignores_what_ended_before_the_start() -> None:
    """A cold until 28 November and antibiotics until 30 November leave nothing to wait for on 1 December."""
    assert not {"common_cold_wait", "antibiotic_course"} & rules_of(screened(contract_example()))


def test_the_contract_example_shows_the_disagreements_that_shaped_it() -> None:
    """Home (D1, D3), the roller's reuse (E1), prescribed aspirin (E3) and isotretinoin (E5) are shown."""
    assert screened(contract_example()).disagreements == ("D1", "D3", "E1", "E3", "E5")


# -- dates -----------------------------------------------------------------------------------


def test_postpone_starts_on_the_latest_until() -> None:
    """With toxin until 4 December and isotretinoin until 1 February, the earliest start is 1 February."""
    result = screened(intake(
        medications=[medication("isotretinoin", stopped=date(2026, 8, 1))],
        procedures=[procedure("botulinum_toxin", on=date(2026, 11, 20), zones=["forehead"])],
    ))
    assert result.verdict == "postpone"
    assert result.earliest_start == date(2027, 2, 1)
    assert {zone.until for zone in result.zones.values()} == {date(2027, 2, 1)}


def test_isotretinoin_stopped_on_a_month_end_waits_until_the_end_of_february() -> None:
    """Isotretinoin stopped on 31 August 2026 postpones until 28 February 2027 (no 31 February)."""
    result = screened(intake(medications=[medication("isotretinoin", stopped=date(2026, 8, 31))]))
    assert result.earliest_start == date(2027, 2, 28)


def test_a_planned_last_dose_counts_the_wash_out_from_that_day() -> None:
    """Antibiotics until 5 December (planned last dose) postpone until 6 December."""
    found = reason(screened(intake(medications=[medication("antibiotic", until=date(2026, 12, 5))])),
                   "antibiotic_course")
    assert found.until == date(2026, 12, 6)


def test_a_condition_counts_its_wait_from_its_expected_end() -> None:
    """A cold expected to end on 3 December postpones until 4 December."""
    assert screened(intake(conditions=[condition("common_cold", until=date(2026, 12, 3))])).earliest_start == date(
        2026, 12, 4)


def test_a_booked_procedure_after_the_start_postpones_past_its_gap() -> None:
    """A medium peel booked on 10 December postpones until 4 weeks later, 7 January 2027."""
    result = screened(intake(procedures=[procedure("chemical_peel_medium", on=date(2026, 12, 10))]))
    assert result.earliest_start == date(2027, 1, 7)


def test_a_wash_out_ending_on_the_start_date_leaves_nothing_to_wait_for() -> None:
    """Toxin on 17 November: 14 days end on 1 December, the start, so nothing postpones."""
    result = screened(intake(procedures=[procedure("botulinum_toxin", on=date(2026, 11, 17))]))
    assert (result.verdict, result.earliest_start) == ("go", START)


def test_nothing_in_the_way_starts_on_the_wanted_day() -> None:
    """A plain intake is `go`, with earliest_start equal to start."""
    result = screened(intake())
    assert (result.verdict, result.earliest_start, result.reasons) == ("go", START, ())


def test_an_ongoing_condition_without_an_end_date_stops() -> None:
    """A cold with no `until` is `stop`: no start date can be computed."""
    result = screened(intake(conditions=["common_cold"]))
    assert (result.verdict, result.earliest_start) == ("stop", None)


# -- medications -----------------------------------------------------------------------------


def test_a_prescribed_anticoagulant_sends_the_person_to_the_prescriber() -> None:
    """A prescribed anticoagulant is `consult`, with no date to wait for."""
    result = screened(intake(medications=[medication("anticoagulant", prescribed=True)]))
    found = reason(result, "anticoagulant_prescriber")
    assert (result.verdict, found.effect, found.until) == ("consult", "consult", None)


def test_the_prescribed_anticoagulant_message_never_says_to_stop_it() -> None:
    """The message tells the person not to stop the drug, and gives no pause or last dose."""
    message = reason(screened(intake(medications=[medication("anticoagulant", prescribed=True)])),
                     "anticoagulant_prescriber").message
    assert "Do not stop your anticoagulant" in message
    assert "pause" not in message.lower()
    assert "last dose on" not in message


def test_a_prescribed_blood_thinner_shows_the_evidence_disagreement() -> None:
    """E3 (stopping blood thinners) is shown with a prescribed anticoagulant."""
    assert "E3" in screened(intake(medications=[medication("anticoagulant", prescribed=True)])).disagreements


def test_self_taken_aspirin_is_a_caution_with_the_last_dose_date() -> None:
    """Aspirin taken on one's own: caution, last dose 7 days before 1 December, on 24 November."""
    result = screened(intake(medications=["aspirin"]))
    found = reason(result, "aspirin_pause")
    assert (result.verdict, found.effect) == ("caution", "caution")
    assert "last dose on 2026-11-24" in found.message


def test_aspirin_stopped_too_recently_postpones_a_week_after_the_last_dose() -> None:
    """Aspirin last taken on 28 November postpones until 5 December."""
    result = screened(intake(medications=[medication("aspirin", stopped=date(2026, 11, 28))]))
    assert (result.verdict, result.earliest_start) == ("postpone", date(2026, 12, 5))


def test_tranexamic_acid_with_a_hormonal_drug_needs_a_doctor() -> None:
    """A tranexamic acid serum with the pill is `consult`, reported as an unsuitable serum."""
    result = screened(intake(serums=["tranexamic_acid"], medications=[medication("hormonal", until=date(2026, 11, 1))]))
    found = reason(result, "tranexamic_acid_thrombosis")
    assert (result.verdict, found.factor) == ("consult", "serum_unsuitable")


def test_tranexamic_acid_alone_is_no_concern() -> None:
    """Without a clotting risk in the intake, tranexamic acid gives no reason."""
    assert screened(intake(serums=["tranexamic_acid"])).verdict == "go"


def test_pregnancy_given_in_person_is_a_clotting_risk_for_tranexamic_acid() -> None:
    """`person.pregnant: true` counts as pregnancy for the tranexamic acid rule."""
    assert "tranexamic_acid_thrombosis" in rules_of(screened(intake(person={"pregnant": True},
                                                                    serums=["tranexamic_acid"])))


# -- zones -----------------------------------------------------------------------------------


def test_a_condition_on_some_zones_is_a_caution_for_the_person() -> None:
    """Eczema on the cheeks only, treating forehead and cheeks: caution for the person, to start as wanted."""
    result = screened(intake(conditions=[condition("eczema", zones=["cheeks"])]))
    assert (result.verdict, result.earliest_start) == ("caution", START)


def test_a_condition_on_some_zones_keeps_its_own_verdict_on_those_zones() -> None:
    """Eczema on the cheeks: the cheeks need a doctor (consult), the forehead can go."""
    zones = screened(intake(conditions=[condition("eczema", zones=["cheeks"])])).zones
    assert (zones["cheeks"].verdict, zones["forehead"].verdict) == ("consult", "go")


def test_a_condition_on_every_treated_zone_is_the_whole_verdict() -> None:
    """Eczema on both treated zones is `consult` for the person."""
    assert screened(intake(conditions=[condition("eczema", zones=["cheeks", "forehead"])])).verdict == "consult"


def test_a_condition_without_zones_covers_every_zone() -> None:
    """Eczema with no zones named is `consult` for the person and every zone."""
    result = screened(intake(conditions=["eczema"]))
    assert result.verdict == "consult"
    assert {zone.verdict for zone in result.zones.values()} == {"consult"}


def test_a_postponing_condition_on_some_zones_dates_only_those_zones() -> None:
    """A rash on the cheeks until 10 December: the cheeks wait until 11 December, the forehead can go."""
    result = screened(intake(conditions=[condition("rash", zones=["cheeks"], until=date(2026, 12, 10))]))
    assert (result.verdict, result.earliest_start) == ("caution", START)
    assert (result.zones["cheeks"].verdict, result.zones["cheeks"].until) == ("postpone", date(2026, 12, 11))
    assert (result.zones["forehead"].verdict, result.zones["forehead"].until) == ("go", None)


# -- devices ---------------------------------------------------------------------------------


def test_a_home_roller_longer_than_the_home_limit_stops() -> None:
    """A 1.5 mm roller at home is `stop`: home allows at most 1 mm."""
    result = screened(intake(device=device(needle_mm=1.5)))
    found = reason(result, "needle_too_long_for_setting")
    assert (result.verdict, found.factor) == ("stop", "needle_length")
    assert "needle_too_long_for_zone" not in rules_of(result)


def test_a_home_roller_too_long_for_the_face_is_a_caution_on_those_zones() -> None:
    """A 0.75 mm roller at home is within the 1 mm limit but too long for forehead and cheeks (0.5 mm)."""
    result = screened(intake(device=device(needle_mm=0.75)))
    found = reason(result, "needle_too_long_for_zone")
    assert (result.verdict, found.effect, found.zones) == ("caution", "caution", ("cheeks", "forehead"))


def test_a_needle_within_every_zone_limit_gives_no_needle_reason() -> None:
    """A 0.25 mm roller at home fits every facial zone."""
    result = screened(intake(zones=["forehead", "periorbital"], device=device(needle_mm=0.25)))
    assert not {"needle_too_long_for_zone", "needle_too_long_for_setting"} & rules_of(result)


def test_a_single_use_roller_used_before_is_a_hygiene_caution() -> None:
    """A roller used once before is flagged as device hygiene: rollers are single-use."""
    found = reason(screened(intake(device=device(needle_mm=0.5, uses=1))), "single_use_reused")
    assert (found.factor, found.effect) == ("device_hygiene", "caution")


def test_a_new_roller_gives_no_device_reason() -> None:
    """A roller not used before gives no hygiene or wear reason."""
    assert screened(intake(device=device(needle_mm=0.5, uses=0, first_used=START))).reasons == ()


def test_a_roller_used_ten_times_is_worn() -> None:
    """At 10 uses a roller is worn out (limit 10)."""
    found = reason(screened(intake(device=device(needle_mm=0.5, uses=10))), "device_worn_uses")
    assert (found.factor, found.effect) == ("device_wear", "caution")


def test_a_roller_used_nine_times_is_not_yet_worn() -> None:
    """At 9 uses the wear-by-uses limit is not reached."""
    assert "device_worn_uses" not in rules_of(screened(intake(device=device(needle_mm=0.5, uses=9))))


def test_a_roller_first_used_sixty_days_ago_is_worn() -> None:
    """A roller first used on 2 October 2026, 60 days before 1 December, is worn out by age."""
    found = reason(screened(intake(device=device(needle_mm=0.5, first_used=date(2026, 10, 2)))), "device_worn_age")
    assert found.factor == "device_wear"


def test_a_roller_first_used_fifty_nine_days_ago_is_not_yet_worn() -> None:
    """A roller first used on 3 October 2026, 59 days before the start, is not worn by age."""
    result = screened(intake(device=device(needle_mm=0.5, first_used=date(2026, 10, 3))))
    assert "device_worn_age" not in rules_of(result)


def test_a_pen_reused_is_not_a_single_use_concern() -> None:
    """A home pen (its cartridge is changed) used before gives no hygiene reason."""
    assert "single_use_reused" not in rules_of(screened(intake(device=device("derma_pen", needle_mm=0.25, uses=5))))


def test_a_clinic_only_device_at_home_stops() -> None:
    """A professional pen at home is `stop`, with the device kind as the factor."""
    result = screened(intake(device=device("professional_pen", needle_mm=0.5)))
    found = reason(result, "professional_pen_not_for_home")
    assert (result.verdict, found.factor) == ("stop", "professional_pen")


def test_a_needle_free_device_in_a_clinic_is_no_concern() -> None:
    """Needle-free electroporation in a clinic gives no reason: no needle to check."""
    result = screened(intake(setting="clinic", device=device("electroporation")))
    assert (result.verdict, result.reasons) == ("go", ())


def test_an_adjustable_pen_suggests_no_more_than_its_setting() -> None:
    """A home pen set to 0.2 mm suggests 0.2 mm on the cheeks (zone suggestion 0.5 mm)."""
    needle = screened(intake(device=device("derma_pen", needle_mm=0.2))).zones["cheeks"].needle
    assert needle is not None
    assert (needle.max_mm, needle.suggested_mm) == (0.5, 0.2)


# -- serums and allergies --------------------------------------------------------------------


def test_a_serum_the_person_is_allergic_to_is_a_caution() -> None:
    """Hyaluronic acid planned with an allergy to it: caution, factor `serum_allergy`."""
    result = screened(intake(serums=["hyaluronic_acid"], allergies=["hyaluronic_acid"]))
    found = reason(result, "serum_allergy")
    assert (result.verdict, found.factor) == ("caution", "serum_allergy")
    assert "hyaluronic acid" in found.message


def test_a_nickel_allergy_needs_a_doctor() -> None:
    """A nickel allergy (needles are stainless steel) is `consult`."""
    assert reason(screened(intake(allergies=["nickel"])), "nickel_allergy").effect == "consult"


def test_a_vitamin_c_serum_is_unsuitable_for_needling() -> None:
    """A vitamin C serum is a caution, reported as an unsuitable serum."""
    found = reason(screened(intake(serums=["vitamin_c"])), "vitamin_c_serum_granulomas")
    assert (found.factor, found.effect) == ("serum_unsuitable", "caution")


# -- needle advice ---------------------------------------------------------------------------


def test_a_clinic_goal_sets_the_suggested_needle() -> None:
    """Acne scars in a clinic suggest 1.5 mm on the cheeks (their limit is 1.5 mm)."""
    needle = screened(intake(setting="clinic", goals=["acne_scars"])).zones["cheeks"].needle
    assert needle is not None
    assert (needle.max_mm, needle.suggested_mm) == (1.5, 1.5)


def test_a_clinic_goal_never_suggests_more_than_the_zone_allows() -> None:
    """Acne scars on the forehead suggest 1.0 mm, the forehead's clinic limit, not 1.5 mm."""
    needle = screened(intake(setting="clinic", goals=["acne_scars"])).zones["forehead"].needle
    assert needle is not None
    assert (needle.max_mm, needle.suggested_mm) == (1.0, 1.0)


def test_at_home_goals_do_not_lengthen_the_needle() -> None:
    """At home, acne scars keep the cheeks at 0.5 mm."""
    needle = screened(intake(goals=["acne_scars"])).zones["cheeks"].needle
    assert needle is not None
    assert (needle.max_mm, needle.suggested_mm) == (0.5, 0.5)


# -- the person --------------------------------------------------------------------------------


def test_a_minor_needs_a_doctor() -> None:
    """Age 17 is `consult`; the threshold is below 18."""
    assert reason(screened(intake(person={"age": 17})), "minor_consult").effect == "consult"


def test_an_adult_of_eighteen_is_no_concern() -> None:
    """Age 18 gives no age reason."""
    assert screened(intake(person={"age": 18})).reasons == ()


def test_darker_skin_types_are_a_caution() -> None:
    """Fitzpatrick 4 is a caution (pigmentation after inflammation); 3 is not."""
    assert reason(screened(intake(person={"fitzpatrick": 4})), "darker_skin_pih").effect == "caution"
    assert screened(intake(person={"fitzpatrick": 3})).reasons == ()


# -- disagreements -----------------------------------------------------------------------------


def test_a_home_screening_shows_the_home_needle_disagreement() -> None:
    """Every home screening shows D3 (home needle length: 0.5 vs 1 mm)."""
    assert "D3" in screened(intake()).disagreements


def test_a_clinic_screening_shows_the_professional_needle_disagreement() -> None:
    """Every clinic screening shows D4 (professional maximum: 3 vs 2.5 mm), and not the home D3."""
    disagreements = screened(intake(setting="clinic")).disagreements
    assert "D4" in disagreements
    assert "D3" not in disagreements


def test_isotretinoin_shows_the_evidence_on_its_wash_out() -> None:
    """Isotretinoin shows E5 (6 months on the label vs consensus reviews)."""
    result = screened(intake(medications=[medication("isotretinoin", stopped=date(2026, 8, 1))]))
    assert "E5" in result.disagreements


def test_a_rule_that_gives_no_reason_shows_no_disagreement() -> None:
    """Isotretinoin stopped long ago gives no reason, so E5 is not shown."""
    result = screened(intake(medications=[medication("isotretinoin", stopped=date(2026, 1, 1))]))
    assert "E5" not in result.disagreements
