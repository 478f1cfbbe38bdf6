"""Clinic policy: wash-outs and needle limits within the knowledge base's bounds, recorded in the version."""

from __future__ import annotations

import copy
import re
from datetime import date, timedelta
from typing import Any

import pytest
import yaml

from factories import REPO, device, intake, medication, procedure
from mesoplan.core.dates import Period
from mesoplan.core.intake_parser import IntakeParser
from mesoplan.core.knowledge import Knowledge
from mesoplan.core.knowledge_schema import build
from mesoplan.core.policy import ClinicPolicy, apply_policy
from mesoplan.core.policy_bounds import span_days
from mesoplan.core.policy_parser import parse_policy, policy_data
from mesoplan.core.screening import ScreeningResult, screen
from mesoplan.errors import IntakeError, KnowledgeError
from mesoplan.knowledge_loader import knowledge_dir, load_knowledge, read_files

KB = load_knowledge()
PARSER = IntakeParser(KB)


def policy(washouts: dict[str, Period] | None = None, **needle_max: Any) -> ClinicPolicy:
    return ClinicPolicy("clinic-1", "v7", washouts or {}, needle_max)


def screened(data: dict[str, Any], knowledge: Knowledge = KB) -> ScreeningResult:
    return screen(PARSER.parse(data), knowledge)


def refusal(p: ClinicPolicy) -> IntakeError:
    with pytest.raises(IntakeError) as caught:
        apply_policy(KB, p)
    return caught.value


ISOTRETINOIN = intake(medications=[medication("isotretinoin", stopped=date(2026, 8, 1))])


# -- wash-outs ---------------------------------------------------------------------------


def test_a_longer_isotretinoin_washout_moves_the_earliest_start() -> None:
    """9 months instead of 6 after a last dose on 1 August: from 1 February to 1 May 2027."""
    clinic = apply_policy(KB, policy({"isotretinoin_washout": Period(9, "months")}))
    assert screened(ISOTRETINOIN).earliest_start == date(2027, 2, 1)
    assert screened(ISOTRETINOIN, clinic).earliest_start == date(2027, 5, 1)


def test_a_shorter_isotretinoin_washout_within_its_range_can_end_the_wait() -> None:
    """3 months after 1 August ends on 1 November, before the start: no reason any more."""
    clinic = apply_policy(KB, policy({"isotretinoin_washout": Period(3, "months")}))
    assert screened(ISOTRETINOIN, clinic).verdict == "go"


def test_the_message_names_the_clinics_washout() -> None:
    """The reason's {washout} is the clinic's value, not the knowledge base's."""
    clinic = apply_policy(KB, policy({"isotretinoin_washout": Period(9, "months")}))
    assert "wait 9 months after the last dose" in screened(ISOTRETINOIN, clinic).reasons[0].message


@pytest.mark.parametrize("period", [Period(2, "months"), Period(13, "months"), Period(13, "weeks")])
def test_an_isotretinoin_washout_outside_3_to_12_months_is_refused(period: Period) -> None:
    """The rule's `policy_washout` bounds hold both ways; 13 weeks is shorter than 3 months after some dates."""
    error = refusal(policy({"isotretinoin_washout": period}))
    assert error.field == "policy.washouts.isotretinoin_washout"
    assert "3 months to 12 months" in error.problem


@pytest.mark.parametrize("period", [Period(3, "months"), Period(12, "months"), Period(40, "weeks")])
def test_an_isotretinoin_washout_inside_its_bounds_is_accepted(period: Period) -> None:
    """Both ends are allowed, and a period in weeks that lies inside them whatever the date."""
    clinic = apply_policy(KB, policy({"isotretinoin_washout": period}))
    assert clinic.rules_by_factor[("medication", "isotretinoin")][0].washout == period


def test_without_policy_bounds_a_washout_may_not_be_shortened() -> None:
    """Aspirin's 7-day pause has no `policy_washout`: 6 days is refused."""
    assert refusal(policy({"aspirin_pause": Period(6, "days")})).field == "policy.washouts.aspirin_pause"


def test_without_policy_bounds_a_washout_may_grow_to_four_times() -> None:
    """Aspirin's 7 days may become 28 days (4 weeks), not 29."""
    apply_policy(KB, policy({"aspirin_pause": Period(4, "weeks")}))
    assert "28 days" in refusal(policy({"aspirin_pause": Period(29, "days")})).problem


def test_without_policy_bounds_no_washout_grows_beyond_a_year() -> None:
    """Laser resurfacing's 3 months times four would be a year and a day or more: 12 months is the ceiling."""
    apply_policy(KB, policy({"laser_resurfacing_gap": Period(12, "months")}))
    assert refusal(policy({"laser_resurfacing_gap": Period(13, "months")})).field.endswith("laser_resurfacing_gap")


def test_an_unknown_rule_or_one_without_a_washout_is_refused() -> None:
    """A misspelt rule id gets suggestions; a rule with nothing to wait for cannot get a wash-out."""
    assert refusal(policy({"isotretinoin_wash": Period(6, "months")})).suggestions == ("isotretinoin_washout",)
    assert refusal(policy({"nickel_allergy": Period(1, "days")})).field == "policy.washouts.nickel_allergy"


# -- needle limits -----------------------------------------------------------------------


def test_a_lower_needle_limit_changes_the_zones_maximum() -> None:
    """Cheeks at most 0.3 mm at home: the zone advice says so, and a 0.5 mm roller is now too long there."""
    data = intake(zones=["cheeks"], device=device(needle_mm=0.5))
    clinic = apply_policy(KB, policy(cheeks=0.3))
    assert clinic.zones["cheeks"].needle["home"].max_mm == 0.3
    result = screened(data, clinic)
    assert result.zones["cheeks"].needle is not None and result.zones["cheeks"].needle.max_mm == 0.3
    assert [r.rule for r in result.reasons] == ["needle_too_long_for_zone"]
    assert screened(data).reasons == ()


def test_a_limit_for_one_setting_leaves_the_other_alone() -> None:
    """`(forehead, clinic)` lowers the clinic limit only; the suggestion never exceeds the new maximum."""
    clinic = apply_policy(KB, ClinicPolicy("c", "1", {}, {("forehead", "clinic"): 0.6}))
    assert clinic.zones["forehead"].needle["clinic"].max_mm == 0.6
    assert clinic.zones["forehead"].needle["clinic"].suggested_mm <= 0.6
    assert clinic.zones["forehead"].needle["home"] == KB.zones["forehead"].needle["home"]


@pytest.mark.parametrize("mm", [0.0, -1.0, 0.75, True])
def test_a_needle_limit_may_only_be_lowered(mm: float) -> None:
    """Above the knowledge base's 0.5 mm for the forehead at home, zero, negative or not a number: refused."""
    error = refusal(ClinicPolicy("c", "1", {}, {("forehead", "home"): mm}))
    assert error.field == "policy.needle_max.forehead.home"


def test_an_unknown_zone_or_a_setting_the_zone_lacks_is_refused() -> None:
    """A misspelt zone is named with suggestions; a setting the zone has no limit for is named too."""
    assert refusal(policy(cheek=0.3)).suggestions[0] == "cheeks"
    spa: Any = ("scalp", "spa")
    assert refusal(ClinicPolicy("c", "1", {}, {spa: 0.3})).field == "policy.needle_max.scalp.spa"


# -- versions and the shipped base ---------------------------------------------------------


def test_the_version_records_the_knowledge_and_the_policy() -> None:
    """Every result screened under a policy names both versions."""
    clinic = apply_policy(KB, policy())
    assert clinic.version == f"{KB.version}+policy:v7"
    assert screened(ISOTRETINOIN, clinic).knowledge_version == f"{KB.version}+policy:v7"


def test_an_empty_policy_leaves_every_answer_as_it_was() -> None:
    """Same verdicts, dates, reasons and zones as the shipped base; only the version differs."""
    clinic = apply_policy(KB, policy())
    for data in (ISOTRETINOIN, intake(procedures=[procedure("botulinum_toxin", on=date(2026, 11, 25))]),
                 intake(zones=["periorbital"], device=device(needle_mm=0.5))):
        before, after = screened(data), screened(data, clinic)
        assert (before.verdict, before.earliest_start, before.reasons, before.zones) == \
               (after.verdict, after.earliest_start, after.reasons, after.zones)


def test_applying_a_policy_leaves_the_shipped_base_unchanged() -> None:
    """The loaded knowledge keeps its own wash-outs, limits and version."""
    before = (KB.version, KB.rules_by_factor, KB.zones, KB.vocabulary)
    apply_policy(KB, policy({"isotretinoin_washout": Period(12, "months")}, cheeks=0.2))
    assert (KB.version, KB.rules_by_factor, KB.zones, KB.vocabulary) == before
    assert KB.rules_by_factor[("medication", "isotretinoin")][0].washout == Period(6, "months")


def test_a_policy_is_not_applied_twice() -> None:
    """Bounds are the knowledge base's own: a policy on top of a policy is refused."""
    with pytest.raises(IntakeError):
        apply_policy(apply_policy(KB, policy()), policy())


# -- the plain form ----------------------------------------------------------------------


def test_the_plain_form_round_trips_and_the_same_values_give_the_same_version() -> None:
    """`policy_data(parse_policy(data))` is the data; the default version is a digest of it."""
    data = {"washouts": {"isotretinoin_washout": {"amount": 9, "unit": "months"}},
            "needle_max": {"cheeks": 0.3, "forehead": {"clinic": 0.8}}}
    parsed = parse_policy(data, "clinic-1")
    assert policy_data(parsed) == data
    assert parsed.version == parse_policy(copy.deepcopy(data), "clinic-2").version
    assert parsed.version != parse_policy({"needle_max": {"cheeks": 0.2}}, "clinic-1").version


@pytest.mark.parametrize(("data", "field"), [
    ({"washout": {}}, "policy.washout"),
    ({"washouts": {"isotretinoin_washout": {"amount": 9, "unit": "years"}}},
     "policy.washouts.isotretinoin_washout.unit"),
    ({"washouts": {"isotretinoin_washout": {"amount": -1, "unit": "days"}}},
     "policy.washouts.isotretinoin_washout.amount"),
    ({"needle_max": {"cheeks": "thin"}}, "policy.needle_max.cheeks"),
    ({"needle_max": {"cheeks": {"spa": 0.3}}}, "policy.needle_max.cheeks.spa"),
    ([], "policy"),
])
def test_bad_plain_data_names_the_field(data: Any, field: str) -> None:
    """Every shape mistake is an IntakeError with the field path."""
    with pytest.raises(IntakeError) as caught:
        parse_policy(data, "c")
    assert caught.value.field == field


# -- the loader's checks of `policy_washout` ---------------------------------------------------


FILES, DIGEST = read_files(knowledge_dir())
CITED = {"sources": ["R10"]}


def load_with(policy_washout: object, rule_id: str = "isotretinoin_washout") -> KnowledgeError:
    """Load the shipped base with one rule's `policy_washout` replaced; return the error."""
    files = copy.deepcopy(FILES)
    file = "medications.yaml"
    rule = next(r for e in files[file] for r in e["rules"] if r["id"] == rule_id)
    rule["policy_washout"] = policy_washout
    with pytest.raises(KnowledgeError) as caught:
        build(files, "test")
    assert caught.value.file == file
    return caught.value


def test_the_loader_refuses_a_minimum_above_the_washout() -> None:
    """min 7 months > the 6-month wash-out: the key is named."""
    error = load_with({"min": {"amount": 7, "unit": "months"}, "max": {"amount": 12, "unit": "months"}, **CITED})
    assert (error.entry, error.key) == ("isotretinoin/isotretinoin_washout", "policy_washout")


def test_the_loader_refuses_a_maximum_below_the_washout() -> None:
    """max 26 weeks is shorter than 6 months after some dates."""
    error = load_with({"min": {"amount": 3, "unit": "months"}, "max": {"amount": 26, "unit": "weeks"}, **CITED})
    assert error.key == "policy_washout"


@pytest.mark.parametrize(("raw", "key"), [
    ({"min": {"amount": 3, "unit": "months"}}, "policy_washout.max"),
    ({"min": {"amount": 3, "unit": "years"}, "max": {"amount": 12, "unit": "months"}}, "policy_washout.min.unit"),
    ({"min": {"amount": 3, "unit": "months"}, "max": {"amount": 12, "unit": "months"}, "step": 1, **CITED}, "step"),
    ({"min": {"amount": 3, "unit": "months"}, "max": {"amount": 12, "unit": "months"}}, "policy_washout.sources"),
    ({"min": {"amount": 3, "unit": "months"}, "max": {"amount": 12, "unit": "months"}, "sources": ["Z99"]},
     "policy_washout.sources"),
    ("3-12 months", "-"),
])
def test_the_loader_refuses_a_malformed_policy_washout(raw: object, key: str) -> None:
    """A missing bound, an unknown unit, an unknown key, no or an unknown source, or not a mapping: named."""
    assert load_with(raw).key == key


def test_the_loader_refuses_policy_bounds_on_a_rule_without_a_washout() -> None:
    """Insulin's rule has nothing to wait for, so a clinic has nothing to set."""
    error = load_with({"min": {"amount": 1, "unit": "days"}, "max": {"amount": 2, "unit": "days"}}, "insulin_consult")
    assert error.key == "policy_washout"


# -- policy.yaml: the bounds of a wash-out whose rule gives none ---------------------------------


def with_defaults(**washout: Any) -> Knowledge:
    files = copy.deepcopy(FILES)
    files["policy.yaml"]["washout"].update(washout)
    return build(files, "test")


def test_the_default_bounds_come_from_policy_yaml() -> None:
    """With `max_factor: 2`, aspirin's 7 days may become 14 days, not 28."""
    halved = with_defaults(max_factor=2)
    apply_policy(halved, policy({"aspirin_pause": Period(14, "days")}))
    with pytest.raises(IntakeError) as caught:
        apply_policy(halved, policy({"aspirin_pause": Period(28, "days")}))
    assert "7 days to 14 days" in caught.value.problem


def test_the_default_bounds_are_cited() -> None:
    """The shipped defaults name their sources, and every rule's own range names its own."""
    assert KB.policy_defaults is not None and KB.policy_defaults.sources
    assert all(r.policy_washout_sources for r in KB.all_rules() if r.policy_washout is not None)


@pytest.mark.parametrize(("change", "key"), [
    ({"max_factor": 0}, "max_factor"),
    ({"ceiling": {"amount": 1, "unit": "years"}}, "ceiling.unit"),
    ({"sources": []}, "sources"),
    ({"ceiling": {"amount": 2, "unit": "months"}}, "ceiling"),  # laser resurfacing waits 3 months
])
def test_the_loader_refuses_bad_default_bounds(change: dict[str, Any], key: str) -> None:
    with pytest.raises(KnowledgeError) as caught:
        with_defaults(**change)
    assert (caught.value.file, caught.value.key) == ("policy.yaml", key)


def test_the_loader_refuses_a_base_without_policy_yaml() -> None:
    files = copy.deepcopy(FILES)
    del files["policy.yaml"]
    with pytest.raises(KnowledgeError) as caught:
        build(files, "test")
    assert caught.value.file == "policy.yaml"


# -- the worked example of docs/screening.md -------------------------------------------------


def test_the_worked_example_with_a_policy_in_the_docs_holds() -> None:
    """docs/screening.md: 9 months after 31 August is 31 May; the cheeks at 1.0 mm; the version names the policy."""
    page = (REPO / "docs" / "screening.md").read_text(encoding="utf-8")
    section = page.split("### Worked example with a policy", 1)[1].split("\n## ", 1)[0]
    policy_block, intake_block = re.findall(r"```yaml\n(.*?)```", section, re.DOTALL)[:2]
    policy = parse_policy(yaml.safe_load(policy_block), "clinic-7")
    result = screened(yaml.safe_load(intake_block), apply_policy(KB, policy))
    cheeks = result.zones["cheeks"].needle
    assert (result.verdict, result.earliest_start) == ("postpone", date(2027, 5, 31))
    assert cheeks is not None and (cheeks.max_mm, cheeks.suggested_mm) == (1.0, 1.0)
    assert result.knowledge_version.endswith(f"+policy:{policy.version}") and f"policy:{policy.version}" in section


def test_the_span_of_a_period_in_months_is_its_shortest_and_longest_over_every_day_of_a_leap_cycle() -> None:
    """span_days counts months instead of trying every anchor: it agrees with trying all 1461 days."""
    start = date(2024, 1, 1)
    for amount in (0, 1, 2, 3, 6, 11, 12, 13, 25, 48, 49):
        period = Period(amount, "months")
        tried = [(period.after(start + timedelta(days=d)) - (start + timedelta(days=d))).days for d in range(1461)]
        assert span_days(period) == (min(tried), max(tried))
