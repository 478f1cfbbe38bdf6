"""Other procedures by kind (issue 13): peels by depth, lasers by kind, and toxin and filler zone by zone."""

from __future__ import annotations

from datetime import date

import pytest

from factories import intake, procedure, reason, rules_of, screened

DONE = date(2026, 11, 25)  # six days before the start


@pytest.mark.parametrize(("procedure_id", "until"), [
    ("chemical_peel_superficial", date(2026, 12, 9)),   # 14 days
    ("chemical_peel_medium", date(2026, 12, 23)),       # 4 weeks
    ("chemical_peel_deep", date(2027, 2, 25)),          # 3 months
    ("chemical_peel", date(2027, 2, 25)),               # depth not known: as deep
    ("laser_nonablative", date(2026, 12, 9)),           # 14 days
    ("laser_fractional_ablative", date(2027, 1, 6)),    # 6 weeks
    ("laser_ablative_full", date(2027, 2, 25)),         # 3 months
    ("laser_resurfacing", date(2027, 2, 25)),           # kind not known: the longest
])
def test_each_kind_of_peel_and_laser_waits_its_own_time(procedure_id: str, until: date) -> None:
    result = screened(intake(procedures=[procedure(procedure_id, on=DONE)]))
    assert (result.verdict, result.earliest_start) == ("postpone", until)


def test_not_knowing_the_depth_of_a_peel_is_never_milder_than_knowing_it() -> None:
    unknown = screened(intake(procedures=[procedure("chemical_peel", on=DONE)])).earliest_start
    for depth in ("superficial", "medium", "deep"):
        known = screened(intake(procedures=[procedure(f"chemical_peel_{depth}", on=DONE)])).earliest_start
        assert known is not None and unknown is not None and known <= unknown


def test_a_filler_in_the_lips_does_not_hold_the_forehead_and_the_message_says_so() -> None:
    result = screened(intake(zones=["forehead", "cheeks"],
                             procedures=[procedure("dermal_filler", on=DONE, zones=["lips"])]))
    assert result.verdict == "caution" and result.earliest_start == date(2026, 12, 1)
    assert {z.verdict for z in result.zones.values()} == {"go"}
    assert "a filler in the lips does not hold the forehead" in reason(result, "dermal_filler_gap").message


def test_a_filler_in_the_cheeks_holds_the_cheeks_only() -> None:
    result = screened(intake(zones=["forehead", "cheeks"],
                             procedures=[procedure("dermal_filler", on=DONE, zones=["cheeks"])]))
    assert result.zones["cheeks"].verdict == "postpone" and result.zones["cheeks"].until == date(2026, 12, 23)
    assert result.zones["forehead"].verdict == "go"


def test_a_toxin_in_the_glabella_does_not_hold_a_cheeks_only_session() -> None:
    result = screened(intake(zones=["cheeks"], procedures=[procedure("botulinum_toxin", on=DONE, zones=["glabella"])]))
    assert result.zones["cheeks"].verdict == "go"
    assert result.earliest_start == date(2026, 12, 1)


@pytest.mark.parametrize("procedure_id", ["botulinum_toxin", "dermal_filler", "chemical_peel_medium"])
def test_without_zones_every_treated_zone_waits(procedure_id: str) -> None:
    result = screened(intake(procedures=[procedure(procedure_id, on=DONE)]))
    assert result.verdict == "postpone"
    assert {z.verdict for z in result.zones.values()} == {"postpone"}


def test_a_medium_peel_message_asks_about_cold_sores_and_names_its_grade() -> None:
    message = reason(screened(intake(procedures=[procedure("chemical_peel_medium", on=DONE)])),
                     "chemical_peel_medium_gap").message
    assert "cold sores" in message and "grade D" in message


def test_a_long_past_peel_leaves_nothing() -> None:
    assert "chemical_peel_deep_gap" not in rules_of(screened(intake(procedures=[
        procedure("chemical_peel_deep", on=date(2026, 6, 1))])))
