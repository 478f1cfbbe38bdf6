"""Properties of screening that must hold for every valid intake (issue 2), checked with Hypothesis."""

from __future__ import annotations

import copy
import random
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from factories import screened
from mesoplan.core.screening import ScreeningResult
from mesoplan.core.serialize import screening_data
from mesoplan.core.verdicts import RANK, strictest
from mesoplan.errors import IntakeError
from profiles import examples
from strategies import (
    CONDITIONS,
    KB,
    PROCEDURES,
    add_factor,
    any_intakes,
    dated_intakes,
    dates,
    extra_factors,
    shuffled,
    zone_lists,
)

# No test depends on the machine's speed: a loaded CI machine must not fail a property for
# generating its intakes slowly, hence no deadline and no too_slow health check.
EXAMPLES = settings(max_examples=examples(120), deadline=None, suppress_health_check=[HealthCheck.too_slow])
LATER_THAN_ANY_DATE = date.max  # `earliest_start` is None for stop and consult: unknown until cleared


def _later(earliest: date | None) -> date:
    return LATER_THAN_ANY_DATE if earliest is None else earliest


def _json(result: ScreeningResult) -> dict[str, Any]:
    return screening_data(result, KB)


@EXAMPLES
@given(any_intakes())
def test_the_overall_verdict_is_the_strictest_of_its_reasons(data: dict[str, Any]) -> None:
    """The person's verdict is exactly the strictest effect among the reasons given."""
    result = screened(data)
    assert result.verdict == strictest([r.effect for r in result.reasons])


@EXAMPLES
@given(any_intakes())
def test_each_zone_verdict_is_the_strictest_reason_that_covers_the_zone(data: dict[str, Any]) -> None:
    """A zone's verdict is the strictest of the reasons naming it or naming no zone (its own effect first)."""
    result = screened(data)
    for zone_id, zone in result.zones.items():
        covering = [r.zone_effect or r.effect for r in result.reasons if r.zones is None or zone_id in r.zones]
        assert zone.verdict == strictest(covering), zone_id


@EXAMPLES
@given(any_intakes())
def test_no_zone_is_milder_than_the_reasons_about_the_whole_person(data: dict[str, Any]) -> None:
    """Every zone's verdict is at least as strict as every reason that names no zone."""
    result = screened(data)
    whole = strictest([r.effect for r in result.reasons if r.zones is None])
    assert all(RANK[zone.verdict] >= RANK[whole] for zone in result.zones.values())


@EXAMPLES
@given(any_intakes())
def test_earliest_start_is_the_start_or_the_last_postponement(data: dict[str, Any]) -> None:
    """earliest_start is unknown for stop and consult, the start for go and caution, the latest until for postpone."""
    result = screened(data)
    if result.verdict in ("stop", "consult"):
        assert result.earliest_start is None
    elif result.verdict == "postpone":
        untils = [r.until for r in result.reasons if r.effect == "postpone"]
        assert None not in untils
        assert result.earliest_start == max(u for u in untils if u is not None) > result.start
    else:
        assert result.earliest_start == result.start


@EXAMPLES
@given(dated_intakes())
def test_nothing_postpones_on_earliest_start_and_something_does_the_day_before(data: dict[str, Any]) -> None:
    """earliest_start is the first date on which nothing postpones, as the contract defines it."""
    result = screened(data)
    assume(result.verdict == "postpone")
    assert result.earliest_start is not None
    on_the_day = screened({**data, "start": result.earliest_start})
    the_day_before = screened({**data, "start": result.earliest_start - timedelta(days=1)})
    assert on_the_day.verdict in ("go", "caution")
    assert the_day_before.verdict == "postpone"


@EXAMPLES
@given(any_intakes(), extra_factors())
def test_adding_a_factor_never_makes_the_verdict_milder(data: dict[str, Any], factor: tuple[str, Any]) -> None:
    """One more condition, medication, procedure, allergy or serum never lowers the verdict."""
    before, after = screened(data), screened(add_factor(data, factor))
    assert RANK[after.verdict] >= RANK[before.verdict]


@EXAMPLES
@given(any_intakes(), extra_factors())
def test_adding_a_factor_never_brings_earliest_start_forward(data: dict[str, Any], factor: tuple[str, Any]) -> None:
    """One more factor never makes earliest_start earlier (an unknown date counts as later than any)."""
    before, after = screened(data), screened(add_factor(data, factor))
    assert _later(after.earliest_start) >= _later(before.earliest_start)


@EXAMPLES
@given(any_intakes(), extra_factors())
def test_adding_a_factor_never_makes_a_zone_verdict_milder(data: dict[str, Any], factor: tuple[str, Any]) -> None:
    """One more factor never lowers the verdict of any treated zone."""
    before, after = screened(data), screened(add_factor(data, factor))
    for zone_id, zone in before.zones.items():
        assert RANK[after.zones[zone_id].verdict] >= RANK[zone.verdict], zone_id


# Intake reading never makes a verdict milder (issue 9): a person flag beside its condition, an
# entry's `zones: []`, an undated procedure, a local cancer, an intake without zones.

PERSON_FLAGS = {"pregnant": "pregnancy", "breastfeeding": "breastfeeding"}


def _no_milder(stricter: ScreeningResult, than: ScreeningResult) -> None:
    """`stricter` is at least as strict as `than`: person, earliest start and every zone."""
    assert RANK[stricter.verdict] >= RANK[than.verdict]
    assert _later(stricter.earliest_start) >= _later(than.earliest_start)
    for zone_id, zone in than.zones.items():
        assert RANK[stricter.zones[zone_id].verdict] >= RANK[zone.verdict], zone_id


@EXAMPLES
@given(any_intakes(), st.sampled_from(sorted(PERSON_FLAGS)), st.one_of(st.none(), dates))
def test_a_person_flag_and_its_condition_combine_to_the_stricter(data: dict[str, Any], flag: str,
                                                                 until: date | None) -> None:
    """`person.pregnant: true` with a pregnancy entry (ended or not) is as strict as either alone."""
    entry = {"id": PERSON_FLAGS[flag], **({"until": until} if until else {})}
    flagged = {**data, "person": {**data.get("person", {}), flag: True}}
    both = screened(add_factor(flagged, ("conditions", entry)))
    _no_milder(both, screened(flagged))
    _no_milder(both, screened(add_factor(data, ("conditions", entry))))


@EXAMPLES
@given(any_intakes(), st.sampled_from(["conditions", "procedures"]), st.data())
def test_empty_zones_on_an_entry_mean_the_whole_treated_area(data: dict[str, Any], key: str,
                                                            draw: st.DataObject) -> None:
    """An entry with `zones: []` screens exactly as the same entry without `zones`."""
    entry_id = draw.draw(st.sampled_from(CONDITIONS if key == "conditions" else PROCEDURES))
    when = draw.draw(st.fixed_dictionaries({}, optional={"until" if key == "conditions" else "date": dates}))
    without = screened(add_factor(data, (key, {"id": entry_id, **when})))
    with_empty = screened(add_factor(data, (key, {"id": entry_id, **when, "zones": []})))
    assert _json(with_empty) == _json(without)


@EXAMPLES
@given(any_intakes(), st.sampled_from(PROCEDURES), st.integers(0, 400))
def test_an_undated_procedure_is_never_milder_than_the_same_one_done_recently(data: dict[str, Any], procedure_id: str,
                                                                              days_ago: int) -> None:
    """A procedure without a date waits at least as long as the same one dated on or before the start."""
    start = data["start"] if isinstance(data["start"], date) else date.fromisoformat(data["start"])
    undated = screened(add_factor(data, ("procedures", {"id": procedure_id})))
    dated = screened(add_factor(data, ("procedures", {"id": procedure_id, "date": start - timedelta(days=days_ago)})))
    _no_milder(undated, dated)


@EXAMPLES
@given(any_intakes(), st.data())
def test_a_local_cancer_on_any_treated_zone_needs_a_doctor_for_every_zone(data: dict[str, Any],
                                                                         draw: st.DataObject) -> None:
    """Skin cancer named on one treated zone (or more) makes the person and every zone consult or stricter."""
    treated = sorted(set(data["zones"]))
    named = draw.draw(st.lists(st.sampled_from(treated), min_size=1, unique=True))
    others = draw.draw(zone_lists(2))
    result = screened(add_factor(data, ("conditions", {"id": "skin_cancer_in_area", "zones": [*named, *others]})))
    assert RANK[result.verdict] >= RANK["consult"]
    assert all(RANK[zone.verdict] >= RANK["consult"] for zone in result.zones.values())


@EXAMPLES
@given(any_intakes(), st.sampled_from(["missing", "empty"]))
def test_an_intake_without_zones_is_refused_naming_zones(data: dict[str, Any], how: str) -> None:
    """No treated zone (the key left out, or `zones: []`) is an error on `zones`, never an empty answer."""
    zoneless = {k: v for k, v in data.items() if k != "zones"} | ({"zones": []} if how == "empty" else {})
    with pytest.raises(IntakeError) as refused:
        screened(zoneless)
    assert refused.value.field == "zones"


@EXAMPLES
@given(any_intakes(), st.randoms(use_true_random=False))
def test_the_order_of_the_lists_in_an_intake_does_not_change_the_result(data: dict[str, Any],
                                                                       rnd: random.Random) -> None:
    """Shuffling every list of an intake, nested zone lists included, gives the very same result."""
    assert _json(screened(shuffled(data, rnd))) == _json(screened(data))


@EXAMPLES
@given(any_intakes())
def test_the_same_intake_always_gives_the_same_result(data: dict[str, Any]) -> None:
    """Screening an intake twice gives equal results, down to every message and date."""
    first, second = screened(data), screened(copy.deepcopy(data))
    assert first == second
    assert _json(first) == _json(second)


@EXAMPLES
@given(any_intakes())
def test_screening_leaves_the_intake_data_untouched(data: dict[str, Any]) -> None:
    """Parsing and screening never modify the caller's intake data."""
    original = copy.deepcopy(data)
    screened(data)
    assert data == original


