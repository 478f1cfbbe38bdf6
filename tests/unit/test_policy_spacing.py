"""Spacing set by the clinic's policy (issue 13): the days between sessions of a needle band may only
be lengthened, up to policy.yaml's cited ceiling, and the clinic's plans follow."""

from __future__ import annotations

import copy
from itertools import pairwise
from typing import Any

import pytest

from factories import intake, screened
from mesoplan.core.intake_parser import IntakeParser
from mesoplan.core.knowledge import Knowledge
from mesoplan.core.knowledge_schema import build
from mesoplan.core.planning import plan
from mesoplan.core.policy import ClinicPolicy, apply_policy
from mesoplan.core.policy_parser import parse_policy, policy_data
from mesoplan.core.rescreen import policy_diff
from mesoplan.errors import IntakeError, KnowledgeError
from mesoplan.knowledge_loader import knowledge_dir, load_knowledge, read_files

KB = load_knowledge()
FILES, _ = read_files(knowledge_dir())
CLINIC = intake(setting="clinic", zones=["cheeks"], goals=["acne_scars"])


def spaced(intervals: dict[str, int]) -> ClinicPolicy:
    return ClinicPolicy("clinic-1", "v1", intervals=intervals)


def session_gaps(knowledge: Knowledge, data: dict[str, Any] = CLINIC) -> set[int]:
    parsed = IntakeParser(knowledge).parse(data)
    days = [e.date for e in plan(screened(data), parsed, knowledge, "clinic_course").events if e.kind == "session"]
    return {(b - a).days for a, b in pairwise(days)}


def refusal(intervals: dict[str, Any]) -> IntakeError:
    with pytest.raises(IntakeError) as caught:
        apply_policy(KB, spaced(intervals))
    return caught.value


def test_five_weeks_for_the_one_and_a_half_millimetre_band_spaces_scar_sessions_five_weeks_apart() -> None:
    assert session_gaps(KB) == {28}
    assert session_gaps(apply_policy(KB, spaced({"1.5": 35}))) == {35}


def test_the_policy_changes_only_the_band_it_names() -> None:
    clinic = apply_policy(KB, spaced({"1.0": 21}))
    assert [b.min_days for b in clinic.intervals] == [b.min_days if b.up_to_mm != 1.0 else 21 for b in KB.intervals]
    assert [b.min_days for b in KB.intervals][2] == 14  # the shipped base is left as it was


def test_a_gap_shorter_than_the_knowledge_bases_is_refused() -> None:
    error = refusal({"1.0": 10})
    assert error.field == "policy.intervals.1.0"
    assert error.params == {"low": 14, "high": 42, "got": 10}


def test_a_gap_beyond_the_six_week_ceiling_is_refused() -> None:
    assert refusal({"1.5": 43}).field == "policy.intervals.1.5"
    assert apply_policy(KB, spaced({"1.5": 42})).min_interval_days(1.5) == 42


def test_a_band_already_at_the_ceiling_cannot_be_set() -> None:
    assert refusal({"3.0": 42}).field == "policy.intervals.3.0"


def test_an_unknown_band_is_refused_naming_it() -> None:
    error = refusal({"1.2": 21})
    assert (error.field, error.params) == ("policy.intervals.1.2", {"value": "1.2"})


def test_the_ceiling_comes_from_policy_yaml_with_its_sources() -> None:
    defaults = KB.policy_defaults
    assert defaults is not None
    assert defaults.interval_ceiling_days == 42
    assert set(defaults.interval_sources) <= set(KB.sources)


def test_the_plain_form_carries_the_spacing_into_the_version() -> None:
    with_spacing = parse_policy({"intervals": {"1.0": 21}}, "clinic-1")
    assert with_spacing.intervals == {"1.0": 21}
    assert policy_data(with_spacing)["intervals"] == {"1.0": 21}
    assert with_spacing.version != parse_policy({}, "clinic-1").version
    assert "intervals" not in policy_data(parse_policy({}, "clinic-1"))


def test_days_that_are_not_a_whole_number_name_the_field() -> None:
    with pytest.raises(IntakeError) as caught:
        parse_policy({"intervals": {"1.0": "three weeks"}}, "clinic-1")
    assert caught.value.field == "policy.intervals.1.0"


def test_a_spacing_change_reaches_every_clinic_intake_and_no_home_one() -> None:
    diff = policy_diff(KB, apply_policy(KB, spaced({"1.0": 21})))
    assert diff.spacing
    assert diff.touches(IntakeParser(KB).parse(CLINIC))
    assert not diff.touches(IntakeParser(KB).parse(intake()))


@pytest.mark.parametrize(("interval", "key"), [
    ({"ceiling_days": 0, "sources": ["D7"]}, "ceiling_days"),
    ({"ceiling_days": 42, "sources": []}, "sources"),
    ({"ceiling_days": 42, "sources": ["NOPE"]}, "sources"),
    ({"ceiling_days": 42, "sources": ["D7"], "floor_days": 7}, "floor_days"),
])
def test_the_loader_refuses_a_bad_spacing_ceiling(interval: dict[str, Any], key: str) -> None:
    files = copy.deepcopy(FILES)
    files["policy.yaml"]["interval"] = interval
    with pytest.raises(KnowledgeError) as caught:
        build(files, "test")
    assert (caught.value.file, caught.value.key) == ("policy.yaml", key)
