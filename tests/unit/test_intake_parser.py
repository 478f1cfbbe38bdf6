"""Plain intake data → `Intake`: every mistake names its field path; lists come out normalised."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from factories import START, condition, device, intake, medication, procedure
from mesoplan.core.intake import Condition
from mesoplan.core.intake_parser import IntakeParser
from mesoplan.errors import IntakeError
from mesoplan.knowledge_loader import knowledge_dir, load_knowledge

PARSER = IntakeParser(load_knowledge())


def error_for(data: Any) -> IntakeError:
    """The IntakeError that parsing `data` raises."""
    with pytest.raises(IntakeError) as caught:
        PARSER.parse(data)
    return caught.value


# -- every kind of bad input names its field -----------------------------------------------


def test_an_intake_that_is_not_a_mapping_is_refused_as_a_whole() -> None:
    """A list instead of a mapping is refused with the field `intake`."""
    assert error_for(["setting", "home"]).field == "intake"


def test_an_empty_document_is_refused_as_a_whole() -> None:
    """An empty YAML document (None) is refused with the field `intake`."""
    assert error_for(None).field == "intake"


def test_an_unknown_top_level_key_is_named_with_the_closest_known_key() -> None:
    """A misspelt top-level key (`zone`) names itself and suggests `zones`."""
    error = error_for(intake(zone=["forehead"]))
    assert (error.field, error.problem) == ("zone", "unknown field")
    assert "zones" in error.suggestions


def test_a_missing_setting_is_named() -> None:
    """An intake without `setting` names the field and says what is expected."""
    data = intake()
    del data["setting"]
    error = error_for(data)
    assert error.field == "setting"
    assert "home" in error.problem and "clinic" in error.problem


def test_a_misspelt_setting_suggests_the_known_one() -> None:
    """`setting: hom` suggests `home`."""
    assert error_for(intake(setting="hom")).suggestions == ("home",)


def test_a_missing_start_is_named_when_no_default_is_given() -> None:
    """Programs pass `start` explicitly: without it and without a default, `start` is named."""
    data = intake()
    del data["start"]
    assert error_for(data).field == "start"


def test_a_missing_start_takes_the_default_start() -> None:
    """Where a person uses the app, the adapter's `today` stands in for a missing start."""
    data = intake()
    del data["start"]
    assert PARSER.parse(data, default_start=date(2027, 1, 15)).start == date(2027, 1, 15)


def test_a_bad_start_date_is_named() -> None:
    """`start: 2026-02-30` (no such day) names `start` and asks for YYYY-MM-DD."""
    error = error_for(intake(start="2026-02-30"))
    assert error.field == "start"
    assert "YYYY-MM-DD" in error.problem


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "2200-01-01", "9999-12-31", date(1, 1, 1)])
def test_a_date_far_outside_a_lifetime_is_named_rather_than_overflowing_the_calendar(day: object) -> None:
    """`start: 9999-12-31` or `stopped: 0001-01-01` names the field: planning from it would leave the calendar."""
    for data, field in ((intake(start=day), "start"), (intake(medications=[medication("isotretinoin", stopped=day)]),
                                                        "medications[0].stopped")):
        error = error_for(data)
        assert (error.field, error.problem) == (field, "enter a date from 1900-01-01 to 2199-12-31")


def test_a_timestamp_where_a_date_is_expected_never_reaches_screening_as_a_datetime() -> None:
    """A YAML timestamp for `start` is either refused naming `start` or read as a plain date."""
    try:
        parsed = PARSER.parse(intake(start=datetime(2026, 12, 1, 10, 0)))
    except IntakeError as error:
        assert error.field == "start"
    else:
        assert type(parsed.start) is date


def test_an_unknown_zone_is_named_by_its_position() -> None:
    """An unknown zone names `zones[0]` and suggests the closest known zones."""
    error = error_for(intake(zones=["forhead", "cheeks"]))
    assert error.field == "zones[0]"
    assert "forehead" in error.suggestions


def test_a_single_zone_where_a_list_is_expected_is_named() -> None:
    """`zones: forehead` (a string, not a list) names `zones`."""
    error = error_for(intake(zones="forehead"))
    assert error.field == "zones"
    assert "list" in error.problem


def test_a_single_condition_where_a_list_is_expected_is_named() -> None:
    """`conditions: eczema` (a string, not a list) names `conditions`."""
    assert error_for(intake(conditions="eczema")).field == "conditions"


def test_a_misspelt_condition_id_is_named_with_suggestions() -> None:
    """`excema` names `conditions[0].id` and suggests `eczema`."""
    error = error_for(intake(conditions=[condition("excema")]))
    assert error.field == "conditions[0].id"
    assert "eczema" in error.suggestions


def test_a_misspelt_bare_medication_id_is_named_with_suggestions() -> None:
    """A bare id in a list (`- isotretinoine`) names the entry's id and suggests the known one."""
    error = error_for(intake(medications=["aspirin", "isotretinoine"]))
    assert error.field == "medications[1].id"
    assert error.suggestions[0] == "isotretinoin"


def test_an_entry_without_an_id_is_named() -> None:
    """A condition without `id` names `conditions[0].id`."""
    assert error_for(intake(conditions=[{"until": "2026-12-05"}])).field == "conditions[0].id"


def test_an_entry_that_is_neither_an_id_nor_a_mapping_is_named() -> None:
    """A number in the medications list names `medications[0]`."""
    assert error_for(intake(medications=[42])).field == "medications[0]"


def test_an_unknown_key_inside_an_entry_is_named() -> None:
    """`medications[0].stop` (for `stopped`) is named and `stopped` suggested."""
    error = error_for(intake(medications=[{"id": "aspirin", "stop": "2026-11-20"}]))
    assert error.field == "medications[0].stop"
    assert "stopped" in error.suggestions


def test_a_bad_medication_date_is_named_by_its_path() -> None:
    """A bad `stopped` date of the second medication names `medications[1].stopped`."""
    data = intake(medications=[medication("aspirin"), {"id": "isotretinoin", "stopped": "1 August"}])
    assert error_for(data).field == "medications[1].stopped"


def test_both_stopped_and_until_on_one_medication_are_refused() -> None:
    """A medication with both `stopped` and `until` names its `until` and explains the two."""
    data = intake(medications=[medication("antibiotic", stopped=date(2026, 11, 1), until=date(2026, 11, 30))])
    error = error_for(data)
    assert error.field == "medications[0].until"
    assert "last dose taken" in error.problem and "not both" in error.problem


def test_prescribed_must_be_true_or_false() -> None:
    """`prescribed: "yes"` names `medications[0].prescribed`."""
    assert error_for(intake(medications=[{"id": "aspirin", "prescribed": "yes"}])).field == "medications[0].prescribed"


def test_an_unknown_zone_of_a_condition_is_named_by_its_path() -> None:
    """An unknown zone inside a condition names `conditions[0].zones[1]`."""
    error = error_for(intake(conditions=[condition("eczema", zones=["cheeks", "cheek"])]))
    assert error.field == "conditions[0].zones[1]"
    assert "cheeks" in error.suggestions


def test_a_bad_procedure_date_is_named_by_its_path() -> None:
    """A procedure date that is not a date names `procedures[0].date`."""
    assert error_for(intake(procedures=[{"id": "botulinum_toxin", "date": "soon"}])).field == "procedures[0].date"


def test_a_fitzpatrick_type_out_of_range_is_named() -> None:
    """Fitzpatrick 7 names `person.fitzpatrick` and gives the range 1 to 6."""
    error = error_for(intake(person={"fitzpatrick": 7}))
    assert error.field == "person.fitzpatrick"
    assert "1 to 6" in error.problem


def test_an_age_that_is_not_a_whole_number_is_named() -> None:
    """`age: 34.5` names `person.age`."""
    assert error_for(intake(person={"age": 34.5})).field == "person.age"


def test_an_unknown_sex_is_named() -> None:
    """`sex: f` names `person.sex`."""
    assert error_for(intake(person={"sex": "f"})).field == "person.sex"


def test_pregnant_must_be_true_or_false() -> None:
    """`pregnant: "no"` names `person.pregnant`."""
    assert error_for(intake(person={"pregnant": "no"})).field == "person.pregnant"


def test_an_unknown_device_kind_is_named_with_suggestions() -> None:
    """`kind: dermaroler` names `device.kind` and suggests `dermaroller`."""
    error = error_for(intake(device=device("dermaroler")))
    assert error.field == "device.kind"
    assert "dermaroller" in error.suggestions


def test_a_negative_needle_length_is_named() -> None:
    """`needle_mm: -0.5` names `device.needle_mm`."""
    error = error_for(intake(device=device(needle_mm=-0.5)))
    assert error.field == "device.needle_mm"
    assert "above 0" in error.problem


def test_a_needle_length_that_is_not_a_number_is_named() -> None:
    """`needle_mm: "0.5 mm"` names `device.needle_mm`."""
    assert error_for(intake(device=device(needle_mm="0.5 mm"))).field == "device.needle_mm"


def test_a_needle_length_on_a_needle_free_device_is_refused() -> None:
    """An electroporation device with `needle_mm` names `device.needle_mm`: it has no needles."""
    error = error_for(intake(setting="clinic", device=device("electroporation", needle_mm=0.5)))
    assert error.field == "device.needle_mm"
    assert "no needles" in error.problem


def test_a_negative_use_count_is_named() -> None:
    """`uses: -1` names `device.uses`."""
    assert error_for(intake(device=device(uses=-1))).field == "device.uses"


def test_an_unknown_serum_is_named_with_suggestions() -> None:
    """`serums: [hyaluronic]` names `serums[0]` and suggests `hyaluronic_acid`."""
    error = error_for(intake(serums=["hyaluronic"]))
    assert error.field == "serums[0]"
    assert "hyaluronic_acid" in error.suggestions


def test_an_allergen_that_is_not_a_serum_cannot_be_listed_as_a_serum() -> None:
    """Lidocaine may be an allergy but not a serum: `serums[0]` is named."""
    assert error_for(intake(serums=["lidocaine"])).field == "serums[0]"


def test_a_zone_the_setting_cannot_treat_is_named_by_its_position_in_the_input(tmp_path: Path) -> None:
    """With thighs clinic-only, `zones: [thighs, forehead]` at home names `zones[0]`, where thighs was written."""
    folder = tmp_path / "knowledge"
    shutil.copytree(knowledge_dir(), folder)
    zones_file = folder / "zones.yaml"
    zones = yaml.safe_load(zones_file.read_text(encoding="utf-8"))
    thighs = next(z for z in zones if z["id"] == "thighs")
    thighs["settings"] = ["clinic"]
    del thighs["needle"]["home"]
    zones_file.write_text(yaml.safe_dump(zones, sort_keys=False), encoding="utf-8")
    with pytest.raises(IntakeError) as caught:
        IntakeParser(load_knowledge(folder)).parse(intake(zones=["thighs", "forehead"]))
    assert caught.value.field == "zones[0]"
    assert "home" in caught.value.problem


def test_the_error_message_names_the_field_the_problem_and_the_suggestions() -> None:
    """str(IntakeError) reads `field: problem (did you mean: …?)`, one line."""
    message = str(error_for(intake(conditions=[condition("excema")])))
    assert message.startswith("conditions[0].id: “excema” is not one of the choices")
    assert "did you mean: eczema" in message
    assert "\n" not in message


# -- normalisation -------------------------------------------------------------------------


def test_id_lists_are_sorted_and_duplicates_removed() -> None:
    """Zones, goals, allergies and serums come out sorted, each id once."""
    parsed = PARSER.parse(intake(
        zones=["periorbital", "cheeks", "forehead", "cheeks"],
        goals=["texture", "acne_scars", "texture"],
        allergies=["nickel", "lidocaine", "nickel"],
        serums=["peptides", "hyaluronic_acid"],
    ))
    assert parsed.zones == ("cheeks", "forehead", "periorbital")
    assert parsed.goals == ("acne_scars", "texture")
    assert parsed.allergies == ("lidocaine", "nickel")
    assert parsed.serums == ("hyaluronic_acid", "peptides")


def test_entry_lists_in_any_order_give_the_same_intake() -> None:
    """Conditions, medications and procedures written in another order give an equal intake."""
    entries: dict[str, list[Any]] = {
        "conditions": [condition("rosacea"), condition("eczema", zones=["forehead", "cheeks"])],
        "medications": [medication("nsaid"), medication("aspirin", stopped=date(2026, 11, 28))],
        "procedures": [procedure("microneedling", on=date(2026, 11, 1)), procedure("chemical_peel")],
    }
    reversed_entries = {key: list(reversed(items)) for key, items in entries.items()}
    reversed_entries["conditions"][0] = condition("eczema", zones=["cheeks", "forehead"])
    assert PARSER.parse(intake(**entries)) == PARSER.parse(intake(**reversed_entries))


def test_a_bare_id_and_a_mapping_with_only_that_id_are_the_same_entry() -> None:
    """`- eczema` and `- {id: eczema}` parse to the same condition."""
    assert PARSER.parse(intake(conditions=["eczema"])) == PARSER.parse(intake(conditions=[{"id": "eczema"}]))


def test_iso_date_strings_and_yaml_dates_are_the_same() -> None:
    """JSON's "2026-12-01" and YAML's date 2026-12-01 give the same start."""
    assert PARSER.parse(intake(start="2026-12-01")).start == PARSER.parse(intake(start=START)).start == START


def test_pregnant_in_person_adds_the_pregnancy_condition() -> None:
    """`person.pregnant: true` is screened as the pregnancy condition, active now."""
    parsed = PARSER.parse(intake(person={"pregnant": True}))
    assert parsed.conditions == (Condition("pregnancy"),)


def test_pregnant_in_person_adds_an_ongoing_pregnancy_beside_a_dated_one() -> None:
    """With a dated pregnancy listed, `person.pregnant: true` still adds the ongoing one; the stricter wins."""
    dated = condition("pregnancy", until=date(2026, 10, 1))
    parsed = PARSER.parse(intake(person={"pregnant": True}, conditions=[dated]))
    assert set(parsed.conditions) == {Condition("pregnancy"), Condition("pregnancy", until=date(2026, 10, 1))}


def test_pregnant_in_person_does_not_duplicate_a_listed_ongoing_pregnancy() -> None:
    """With an undated pregnancy listed, `person.pregnant: true` adds no second one."""
    parsed = PARSER.parse(intake(person={"pregnant": True}, conditions=["pregnancy"]))
    assert parsed.conditions == (Condition("pregnancy"),)


def test_breastfeeding_in_person_adds_the_breastfeeding_condition() -> None:
    """`person.breastfeeding: true` is screened as the breastfeeding condition."""
    assert [c.id for c in PARSER.parse(intake(person={"breastfeeding": True})).conditions] == ["breastfeeding"]


def test_not_pregnant_adds_nothing() -> None:
    """`person.pregnant: false` adds no condition."""
    assert PARSER.parse(intake(person={"pregnant": False})).conditions == ()


def test_missing_lists_mean_none() -> None:
    """An intake with only setting, start and zones has no goals, factors or device."""
    parsed = PARSER.parse({"setting": "clinic", "start": "2026-12-01", "zones": ["cheeks"]})
    assert (parsed.goals, parsed.conditions, parsed.medications, parsed.device) == ((), (), (), None)


@pytest.mark.parametrize("zones", [None, []], ids=["missing", "empty"])
def test_an_intake_without_zones_is_refused_naming_zones(zones: list[str] | None) -> None:
    """`zones` is required with at least one zone (contract §1): missing or `[]` names the field."""
    data: dict[str, object] = {"setting": "home", "start": "2026-12-01"}
    if zones is not None:
        data["zones"] = zones
    with pytest.raises(IntakeError) as refused:
        PARSER.parse(data)
    assert refused.value.field == "zones"
    assert "at least one zone" in refused.value.problem


@pytest.mark.parametrize("key", ["conditions", "procedures"])
def test_an_entry_with_empty_zones_reads_as_one_without_zones(key: str) -> None:
    """`zones: []` on an entry means the whole treated area, exactly like leaving `zones` out."""
    entry_id = {"conditions": "skin_cancer_in_area", "procedures": "hair_transplant"}[key]
    with_empty = PARSER.parse(intake(**{key: [{"id": entry_id, "zones": []}]}))
    without = PARSER.parse(intake(**{key: [{"id": entry_id}]}))
    assert with_empty == without


def test_a_whole_number_needle_length_becomes_a_float() -> None:
    """`needle_mm: 1` is read as 1.0 mm."""
    parsed = PARSER.parse(intake(setting="clinic", device=device("derma_pen", needle_mm=1)))
    assert parsed.device is not None
    assert parsed.device.needle_mm == 1.0
    assert isinstance(parsed.device.needle_mm, float)


def test_intakes_share_the_knowledge_bases_ids_and_equal_dates() -> None:
    """Thousands of stored intakes in memory share one string per id and one date per day."""
    kb = load_knowledge()
    text = ('{"setting": "clinic", "start": "2026-12-01", "zones": ["cheeks"], "goals": ["fine_lines"],'
            ' "person": {"sex": "female"}, "medications": [{"id": "isotretinoin", "stopped": "2026-10-01"}],'
            ' "device": {"kind": "derma_pen", "needle_mm": 0.5}}')
    one, two = PARSER.parse(json.loads(text)), PARSER.parse(json.loads(text))
    assert one == two
    assert one.zones[0] is two.zones[0] is next(z for z in kb.zones if z == "cheeks")
    assert one.medications[0].id is two.medications[0].id and one.setting is two.setting
    assert one.start is two.start and one.medications[0].stopped is two.medications[0].stopped
    assert one.device is not None and two.device is not None and one.device.kind is two.device.kind
