"""A broken knowledge file gives one KnowledgeError naming the file, the entry and the key; never a traceback."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from mesoplan.errors import KnowledgeError
from mesoplan.knowledge_check import BASE_EXAMPLE, check_examples
from mesoplan.knowledge_loader import knowledge_dir, load_knowledge

Edit = Callable[[Any], Any]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the shipped knowledge folder, free to break."""
    copy = tmp_path / "knowledge"
    shutil.copytree(knowledge_dir(), copy)
    return copy


def rewrite(folder: Path, file: str, change: Edit) -> None:
    """Replace one YAML file of the folder by `change` of its data."""
    path = folder / file
    data = change(yaml.safe_load(path.read_text(encoding="utf-8")))
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def edit(folder: Path, file: str, change: Edit) -> None:
    """Edit one YAML file of the folder in place (whatever `change` returns is ignored)."""

    def in_place(data: Any) -> Any:
        change(data)
        return data

    rewrite(folder, file, in_place)


def entry(data: list[dict[str, Any]], entry_id: str) -> dict[str, Any]:
    return next(item for item in data if item.get("id") == entry_id)


def rule(data: list[dict[str, Any]], entry_id: str, rule_id: str) -> dict[str, Any]:
    return next(r for r in entry(data, entry_id)["rules"] if r["id"] == rule_id)


def load_error(folder: Path) -> KnowledgeError:
    """The KnowledgeError that loading the folder raises."""
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(folder)
    return caught.value


def where(error: KnowledgeError) -> tuple[str, str, str]:
    return (error.file, error.entry, error.key)


def test_the_unbroken_copy_loads(folder: Path) -> None:
    """The copy loads as the shipped base does, so each break below is the only problem."""
    assert load_knowledge(folder).seed_facts.keys() == load_knowledge().seed_facts.keys()


def test_an_unknown_key_in_a_rule_is_named(folder: Path) -> None:
    """`severity:` in the eczema rule names conditions.yaml, eczema/eczema_area, severity."""
    edit(folder, "conditions.yaml", lambda d: rule(d, "eczema", "eczema_area").update(severity="high"))
    error = load_error(folder)
    assert where(error) == ("conditions.yaml", "eczema/eczema_area", "severity")
    assert error.problem == "unknown key"


def test_an_unknown_key_in_an_entry_is_named(folder: Path) -> None:
    """`colour:` on the forehead names zones.yaml, forehead, colour."""
    edit(folder, "zones.yaml", lambda d: entry(d, "forehead").update(colour="pink"))
    assert where(load_error(folder)) == ("zones.yaml", "forehead", "colour")


def test_a_rule_without_sources_is_refused(folder: Path) -> None:
    """A rule with no `sources` names its `sources` key: every rule cites at least one source."""
    edit(folder, "medications.yaml", lambda d: rule(d, "isotretinoin", "isotretinoin_washout").pop("sources"))
    assert where(load_error(folder)) == ("medications.yaml", "isotretinoin/isotretinoin_washout", "sources")


def test_a_rule_with_an_empty_source_list_is_refused(folder: Path) -> None:
    """`sources: []` on a rule is refused just like a missing list."""
    edit(folder, "conditions.yaml", lambda d: rule(d, "rosacea", "rosacea_care").update(sources=[]))
    assert where(load_error(folder)) == ("conditions.yaml", "rosacea/rosacea_care", "sources")


def test_an_unknown_source_code_is_named(folder: Path) -> None:
    """A rule citing `Z99` names the rule, `sources` and the unknown code."""
    edit(folder, "conditions.yaml", lambda d: rule(d, "rosacea", "rosacea_care")["sources"].append("Z99"))
    error = load_error(folder)
    assert where(error) == ("conditions.yaml", "rosacea/rosacea_care", "sources")
    assert "Z99" in error.problem


def test_an_unknown_seed_fact_id_is_named(folder: Path) -> None:
    """A zone citing seed fact `000-99` (there are 28 in seed 000) names zones.yaml, the zone, `sources`."""
    edit(folder, "zones.yaml", lambda d: entry(d, "nose")["sources"].append("000-99"))
    assert where(load_error(folder)) == ("zones.yaml", "nose", "sources")


def test_an_unknown_zone_in_a_goal_is_named(folder: Path) -> None:
    """`belly` among cellulite's zones names goals.yaml, cellulite, zones."""
    edit(folder, "goals.yaml", lambda d: entry(d, "cellulite")["zones"].append("belly"))
    error = load_error(folder)
    assert where(error) == ("goals.yaml", "cellulite", "zones")
    assert "belly" in error.problem


def test_an_unknown_disagreement_id_is_named(folder: Path) -> None:
    """A rule referring to `D9` names its `disagreements` key."""
    edit(folder, "medications.yaml", lambda d: rule(d, "isotretinoin", "isotretinoin_washout").update(
        disagreements=["D9"]))
    error = load_error(folder)
    assert where(error) == ("medications.yaml", "isotretinoin/isotretinoin_washout", "disagreements")
    assert "D9" in error.problem


def test_a_duplicate_entry_id_is_named(folder: Path) -> None:
    """Two forehead zones name zones.yaml, forehead, id."""
    edit(folder, "zones.yaml", lambda d: d.append(dict(entry(d, "forehead"))))
    error = load_error(folder)
    assert where(error) == ("zones.yaml", "forehead", "id")
    assert "duplicate" in error.problem


def test_a_duplicate_rule_id_names_the_file_it_is_in(folder: Path) -> None:
    """Renaming rosacea's rule to `eczema_area` names conditions.yaml, the rule id and `id`."""
    edit(folder, "conditions.yaml", lambda d: rule(d, "rosacea", "rosacea_care").update(id="eczema_area"))
    error = load_error(folder)
    assert (error.file, error.key) == ("conditions.yaml", "id")
    assert "eczema_area" in error.entry


def test_invalid_yaml_names_the_file_and_line(folder: Path) -> None:
    """A file that is not valid YAML names the file and the line of the problem."""
    (folder / "goals.yaml").write_text("- id: hydration\n  zones: [forehead\n", encoding="utf-8")
    error = load_error(folder)
    assert error.file == "goals.yaml"
    assert error.entry.startswith("line ")
    assert "not valid YAML" in error.problem


def test_a_bad_effect_value_is_named(folder: Path) -> None:
    """`effect: maybe` names the rule's `effect` and lists the verdicts."""
    edit(folder, "conditions.yaml", lambda d: rule(d, "cancer", "cancer_consult").update(effect="maybe"))
    error = load_error(folder)
    assert where(error) == ("conditions.yaml", "cancer/cancer_consult", "effect")
    assert "postpone" in error.problem


def test_a_postpone_rule_without_a_washout_is_refused(folder: Path) -> None:
    """A postpone rule with no `washout` cannot compute its date: its `washout` key is named."""
    edit(folder, "medications.yaml", lambda d: rule(d, "isotretinoin", "isotretinoin_washout").pop("washout"))
    assert where(load_error(folder)) == ("medications.yaml", "isotretinoin/isotretinoin_washout", "washout")


def test_a_washout_in_an_unknown_unit_is_named(folder: Path) -> None:
    """`unit: years` names the `unit` key of the wash-out."""
    edit(folder, "medications.yaml", lambda d: rule(d, "isotretinoin", "isotretinoin_washout").update(
        washout={"amount": 1, "unit": "years"}))
    assert where(load_error(folder)) == ("medications.yaml", "isotretinoin/isotretinoin_washout", "unit")


def test_a_rule_without_trigger_examples_is_refused(folder: Path) -> None:
    """A rule with no `triggers` names that key: every rule needs an example that triggers it."""
    edit(folder, "conditions.yaml", lambda d: rule(d, "cancer", "cancer_consult").pop("triggers"))
    assert where(load_error(folder)) == ("conditions.yaml", "cancer/cancer_consult", "triggers")


def test_a_rule_without_ignore_examples_is_refused(folder: Path) -> None:
    """A rule with no `ignores` names that key: every rule needs an example that does not trigger it."""
    edit(folder, "conditions.yaml", lambda d: rule(d, "cancer", "cancer_consult").pop("ignores"))
    assert where(load_error(folder)) == ("conditions.yaml", "cancer/cancer_consult", "ignores")


def test_a_missing_contract_vocabulary_id_names_its_file(folder: Path) -> None:
    """Without the `rash` condition, the error names conditions.yaml, rash, id."""
    rewrite(folder, "conditions.yaml", lambda d: [item for item in d if item["id"] != "rash"])
    error = load_error(folder)
    assert where(error) == ("conditions.yaml", "rash", "id")
    assert "contract" in error.problem


def test_a_literature_source_without_a_grade_is_refused(folder: Path) -> None:
    """A literature source with no evidence grade names sources.yaml, its code, `grade`."""
    edit(folder, "sources.yaml", lambda d: next(s for s in d if s["code"] == "R4").pop("grade"))
    assert where(load_error(folder)) == ("sources.yaml", "R4", "grade")


def test_a_rule_citing_graded_literature_without_a_grade_is_refused(folder: Path) -> None:
    """Smoking's rule cites grade-A meta-analyses: without its own `grade` the error names the rule and `grade`."""
    edit(folder, "conditions.yaml", lambda d: rule(d, "smoking", "smoking_healing").pop("grade"))
    error = load_error(folder)
    assert where(error) == ("conditions.yaml", "smoking/smoking_healing", "grade")
    assert "grade A" in error.problem


def test_a_rule_resting_only_on_seed_articles_needs_no_grade(folder: Path) -> None:
    """The cardiac rule cites only a seed article and clinic pages: it loads without `grade` (shown as D)."""
    assert "grade" not in rule(yaml.safe_load((folder / "conditions.yaml").read_text(encoding="utf-8")),
                               "cardiac_disease", "cardiac_disease_consult")
    assert load_knowledge(folder).derived.rule_grades["cardiac_disease_consult"] == "D"


def test_a_grade_stronger_than_every_source_cited_is_refused(folder: Path) -> None:
    """The latex rule cites a grade-C review only: `grade: A` names the rule and `grade`."""
    edit(folder, "ingredients.yaml", lambda d: rule(d, "latex", "latex_allergy").update(grade="A"))
    error = load_error(folder)
    assert where(error) == ("ingredients.yaml", "latex/latex_allergy", "grade")
    assert "best: C" in error.problem


def test_an_unknown_setting_on_a_rule_is_named(folder: Path) -> None:
    """`settings: [salon]` names the rule's `settings` key."""
    edit(folder, "conditions.yaml", lambda d: rule(d, "cancer", "cancer_consult").update(settings=["salon"]))
    assert where(load_error(folder)) == ("conditions.yaml", "cancer/cancer_consult", "settings")


def test_a_missing_file_is_named(folder: Path) -> None:
    """Without zones.yaml the error names zones.yaml."""
    (folder / "zones.yaml").unlink()
    error = load_error(folder)
    assert error.file == "zones.yaml"
    assert "missing" in error.problem


def test_a_file_that_is_not_a_list_is_named(folder: Path) -> None:
    """goals.yaml holding a mapping instead of a list of entries is named."""
    rewrite(folder, "goals.yaml", lambda d: {"goals": d})
    assert load_error(folder).file == "goals.yaml"


def test_a_dermis_thickness_that_is_not_a_number_is_named(folder: Path) -> None:
    """`dermis_mm: [thin, thick]` names zones.yaml, forehead, dermis_mm (not a ValueError)."""
    edit(folder, "zones.yaml", lambda d: entry(d, "forehead").update(dermis_mm=["thin", "thick"]))
    assert where(load_error(folder)) == ("zones.yaml", "forehead", "dermis_mm")


def test_onset_days_that_are_not_numbers_are_named(folder: Path) -> None:
    """`onset_days: [soon, later]` names side_effects.yaml, blisters, onset_days (not a ValueError)."""
    edit(folder, "side_effects.yaml", lambda d: entry(d, "blisters").update(onset_days=["soon", "later"]))
    assert where(load_error(folder)) == ("side_effects.yaml", "blisters", "onset_days")


def test_an_unknown_id_in_requires_any_is_named(folder: Path) -> None:
    """`requires_any: [hormonall]` is an unresolved reference: it names the rule's `requires_any` key."""
    edit(folder, "ingredients.yaml", lambda d: rule(d, "tranexamic_acid", "tranexamic_acid_thrombosis").update(
        requires_any=["hormonall"]))
    error = load_error(folder)
    assert where(error) == ("ingredients.yaml", "tranexamic_acid/tranexamic_acid_thrombosis", "requires_any")


def test_a_message_that_cannot_be_filled_in_is_named(folder: Path) -> None:
    """A message with an unclosed `{` would fail when shown: loading names its `message` key."""
    edit(folder, "conditions.yaml", lambda d: rule(d, "rosacea", "rosacea_care").update(message="Careful {zones"))
    assert where(load_error(folder)) == ("conditions.yaml", "rosacea/rosacea_care", "message")


def test_the_error_reads_as_one_line_naming_file_entry_and_key(folder: Path) -> None:
    """str(KnowledgeError) is one line: `file: entry 'entry', key 'key': problem`."""
    edit(folder, "zones.yaml", lambda d: entry(d, "forehead").update(colour="pink"))
    assert str(load_error(folder)) == "zones.yaml: entry 'forehead', key 'colour': unknown key"


def test_an_example_that_is_not_a_valid_intake_is_reported_by_the_check(folder: Path) -> None:
    """A trigger example naming `rosace` loads, but the examples check names the rule and `triggers`."""
    edit(folder, "conditions.yaml", lambda d: rule(d, "rosacea", "rosacea_care").update(
        triggers=[{"conditions": ["rosace"], "expect": "caution"}]))
    kb = load_knowledge(folder)
    with pytest.raises(KnowledgeError) as caught:
        check_examples(kb)
    assert where(caught.value) == ("conditions.yaml", "rosacea_care", "triggers")
    assert "rosacea" in caught.value.problem  # the intake error suggests the known id


def test_an_example_with_the_wrong_expected_effect_is_reported_by_the_check(folder: Path) -> None:
    """A trigger example expecting `stop` where the rule gives `caution` names the rule and `triggers`."""
    edit(folder, "conditions.yaml", lambda d: rule(d, "rosacea", "rosacea_care").update(
        triggers=[{"conditions": ["rosacea"], "expect": "stop"}]))
    with pytest.raises(KnowledgeError) as caught:
        check_examples(load_knowledge(folder))
    assert where(caught.value) == ("conditions.yaml", "rosacea_care", "triggers")


def test_an_ignore_example_that_triggers_the_rule_is_reported_by_the_check(folder: Path) -> None:
    """An ignore example that does trigger the rule names the rule and `ignores`."""
    edit(folder, "conditions.yaml", lambda d: rule(d, "rosacea", "rosacea_care").update(
        ignores=[{"conditions": ["rosacea"]}]))
    with pytest.raises(KnowledgeError) as caught:
        check_examples(load_knowledge(folder))
    assert where(caught.value) == ("conditions.yaml", "rosacea_care", "ignores")


def test_the_shipped_examples_all_pass_the_check() -> None:
    """The shipped base's rule examples all behave: two or more per rule."""
    kb = load_knowledge()
    assert check_examples(kb) >= 2 * len(kb.all_rules())


def test_a_pausing_rule_no_prep_step_lists_is_refused(folder: Path) -> None:
    """Fish oil taken until the session must be named under a pause step: dropping it from `pauses` is refused."""
    edit(folder, "care.yaml", lambda d: entry(d, "pause_blood_thinning_supplements")["pauses"].remove("fish_oil_pause"))
    error = load_error(folder)
    assert where(error) == ("care.yaml", "-", "pauses") and "fish_oil_pause" in error.problem


def test_a_pause_step_listing_a_rule_of_another_length_is_refused(folder: Path) -> None:
    """The actives' 5-day pause cannot list fish oil's 7-day one: the step would start too late."""
    edit(folder, "care.yaml", lambda d: entry(d, "pause_actives")["pauses"].append("fish_oil_pause"))
    error = load_error(folder)
    assert where(error) == ("care.yaml", "pause_actives", "pauses") and "offset_days" in error.problem


def test_a_pause_step_listing_a_rule_that_pauses_nothing_is_refused(folder: Path) -> None:
    """Isotretinoin is not paused before a session (it stops it): it cannot be listed."""
    edit(folder, "care.yaml", lambda d: entry(d, "pause_blood_thinning_supplements")["pauses"].append(
        "isotretinoin_washout"))
    assert where(load_error(folder)) == ("care.yaml", "pause_blood_thinning_supplements", "pauses")


def test_a_procedure_rule_that_would_let_an_undated_procedure_wait_less_is_refused(folder: Path) -> None:
    """`open_ended: caution` on the toxin gap is refused: an undated toxin injection waits the full wash-out."""
    edit(folder, "procedures.yaml",
         lambda d: rule(d, "botulinum_toxin", "botulinum_toxin_gap").update(open_ended="caution"))
    error = load_error(folder)
    assert where(error) == ("procedures.yaml", "botulinum_toxin/botulinum_toxin_gap", "open_ended")
    assert "only be stricter" in error.problem


def test_a_pause_rule_without_words_for_a_prescribed_product_is_refused(folder: Path) -> None:
    """E3: a product a prep step pauses needs `prescribed_effect` and its message, or mesoplan would tell
    someone to stop what a doctor prescribed."""

    def drop(data: list[dict[str, Any]]) -> None:
        found = rule(data, "garlic", "garlic_pause")
        del found["prescribed_effect"], found["prescribed_message"]
        found["triggers"] = found["triggers"][:1]

    edit(folder, "medications.yaml", drop)
    error = load_error(folder)
    assert where(error) == ("care.yaml", "pause_blood_thinning_supplements", "pauses")
    assert "prescribed_effect" in error.problem


def test_a_serum_alternative_that_is_not_a_serum_is_refused(folder: Path) -> None:
    """The vitamin C rule may offer only another serum instead (lidocaine is a numbing cream)."""
    edit(folder, "ingredients.yaml",
         lambda d: rule(d, "vitamin_c", "vitamin_c_serum_granulomas").update(alternative="lidocaine"))
    assert where(load_error(folder)) == ("ingredients.yaml", "vitamin_c/vitamin_c_serum_granulomas", "alternative")


def test_an_alternative_without_its_message_is_refused(folder: Path) -> None:
    """Offering an alternative needs the message for a person who cannot use it."""
    edit(folder, "ingredients.yaml",
         lambda d: rule(d, "vitamin_c", "vitamin_c_serum_granulomas").pop("without_alternative_message"))
    assert where(load_error(folder))[2] == "without_alternative_message"


def test_a_prep_step_for_an_unknown_rule_or_zone_is_refused(folder: Path) -> None:
    """`when_reasons` and `when_zones` of care.yaml name rules and zones that exist."""
    edit(folder, "care.yaml", lambda d: entry(d, "ask_antivirals").update(when_zones=["mouth"]))
    assert where(load_error(folder)) == ("care.yaml", "ask_antivirals", "when_zones")


def test_only_a_serum_rule_leaves_a_serum_out(folder: Path) -> None:
    """`leave_out_in` on a medication rule is refused."""
    edit(folder, "medications.yaml", lambda d: rule(d, "garlic", "garlic_pause").update(leave_out_in=["home"]))
    assert where(load_error(folder))[2] == "leave_out_in"


def test_an_id_defined_in_two_vocabulary_files_names_both(folder: Path) -> None:
    """`eczema` also listed as a procedure would silently replace the condition: both files are named."""

    def add_eczema(data: list[dict[str, Any]]) -> None:
        data.append({**entry(data, "injection"), "id": "eczema", "rules": [
            {**rule(data, "injection", "injection_gap"), "id": "eczema_procedure_gap",
             "triggers": [{"procedures": [{"id": "eczema", "date": "2026-11-25"}], "expect": "postpone"}],
             "ignores": [{"procedures": [{"id": "eczema", "date": "2026-11-01"}]}]}]})

    edit(folder, "procedures.yaml", add_eczema)
    error = load_error(folder)
    assert where(error) == ("procedures.yaml", "eczema", "id")
    assert "conditions.yaml" in error.problem


def test_an_ignore_example_that_names_nothing_is_refused(folder: Path) -> None:
    """`ignores: [{}]` passes whatever the rule does: the loader refuses it, naming the rule's `ignores`."""
    edit(folder, "conditions.yaml", lambda d: rule(d, "vitiligo", "vitiligo_consult").update(ignores=[{}]))
    error = load_error(folder)
    assert where(error) == ("conditions.yaml", "vitiligo/vitiligo_consult", "ignores")
    assert "vitiligo" in error.problem


def test_an_ignore_example_naming_only_another_condition_is_refused(folder: Path) -> None:
    """Cancer's rule cannot be shown silent by an intake with eczema only: the example must name cancer."""
    edit(folder, "conditions.yaml", lambda d: rule(d, "cancer", "cancer_consult").update(
        ignores=[{"conditions": ["eczema"]}]))
    assert where(load_error(folder)) == ("conditions.yaml", "cancer/cancer_consult", "ignores")


def test_a_pregnancy_ignore_example_may_name_it_through_the_person_flag(folder: Path) -> None:
    """`person: {pregnant: false}` names pregnancy: the copy loads with it as the only ignore example."""
    edit(folder, "conditions.yaml", lambda d: rule(d, "pregnancy", "pregnancy_wait").update(
        ignores=[{"person": {"pregnant": False}}]))
    assert load_knowledge(folder).vocabulary["pregnancy"].rules[0].ignores[0].intake == {"person": {"pregnant": False}}


def test_an_example_may_set_its_own_start(folder: Path) -> None:
    """A peel on 20 October is over by 1 December but not by 25 October: with `start: 2026-10-25` the
    ignore example triggers the rule, so the check names it."""
    edit(folder, "procedures.yaml", lambda d: rule(d, "mechanical_peel", "mechanical_peel_gap").update(
        ignores=[{"start": "2026-10-25", "procedures": [{"id": "mechanical_peel", "date": "2026-10-20"}]}]))
    with pytest.raises(KnowledgeError) as caught:
        check_examples(load_knowledge(folder))
    assert where(caught.value) == ("procedures.yaml", "mechanical_peel_gap", "ignores")


@pytest.mark.parametrize("file", ["conditions.yaml", "medications.yaml", "procedures.yaml", "person.yaml",
                                  "ingredients.yaml"])
def test_each_rule_file_shows_the_base_example_at_its_top(file: str) -> None:
    """The header comment of each file of rules states the base intake its examples are laid over."""
    header = (knowledge_dir() / file).read_text(encoding="utf-8").split("\n\n", 1)[0]
    shown = next(line.lstrip("# ").split(";")[0] for line in header.splitlines() if "start:" in line)
    assert yaml.safe_load(shown) == BASE_EXAMPLE


def test_a_protocols_spacing_bands_out_of_order_are_refused(folder: Path) -> None:
    """A deeper band asking for fewer days names protocols.yaml, the protocol and `spacing`."""
    def shorter(data: Any) -> None:
        entry(data, "clinic_course")["spacing"] = [
            {"up_to_mm": 1.0, "min_days": 28, "sources": ["SR4"]}, {"up_to_mm": 2.5, "min_days": 14, "sources": ["P6"]}]
    edit(folder, "protocols.yaml", shorter)
    assert where(load_error(folder)) == ("protocols.yaml", "clinic_course", "spacing")


def test_a_spacing_example_the_planner_does_not_give_fails_the_check(folder: Path) -> None:
    """`knowledge check` runs each protocol's spacing examples: 2.0 mm said to be 28 days apart is an error."""
    edit(folder, "protocols.yaml", lambda d: entry(d, "clinic_course")["spacing_examples"].append(
        {"needle_mm": 2.0, "interval_days": 28}))
    with pytest.raises(KnowledgeError) as caught:
        check_examples(load_knowledge(folder))
    assert where(caught.value) == ("protocols.yaml", "clinic_course", "spacing_examples")
    assert "42 days" in caught.value.problem
