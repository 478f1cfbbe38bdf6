"""Properties every plan keeps, whatever the intake (Hypothesis, strategies in tests/plan_strategies.py)."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mesoplan.core.plan_model import DAY_ORDER, Plan
from mesoplan.errors import IntakeError
from plan_factories import KB, planned
from plan_strategies import plan_intakes, protocol_ids
from profiles import examples

SETTINGS = settings(max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _plan(data: dict[str, Any], protocol_id: str | None, today: date | None = None) -> Plan | None:
    """The plan, or None when the protocol asked for does not fit (which must be the only refusal)."""
    try:
        return planned(data, protocol_id, today)
    except IntakeError as error:
        assert protocol_id is not None and error.field == "protocol"
        return None


@SETTINGS
@given(plan_intakes())
def test_the_default_protocol_always_gives_a_plan(data: dict[str, Any]) -> None:
    """Without a protocol asked for, every valid intake is planned: clinical outcomes are values."""
    assert planned(data) is not None


@SETTINGS
@given(plan_intakes(), protocol_ids)
def test_events_are_sorted_by_date_then_by_the_order_of_the_day(data: dict[str, Any], protocol: str | None) -> None:
    """Prep before the device, the device before the session, the session before its aftercare."""
    p = _plan(data, protocol)
    if p is not None:
        keys = [(e.date, DAY_ORDER[e.kind]) for e in p.events]
        assert keys == sorted(keys)
        assert len({e.key for e in p.events}) == len(p.events)


@SETTINGS
@given(plan_intakes(), protocol_ids)
def test_no_session_before_earliest_start_or_any_wait(data: dict[str, Any], protocol: str | None) -> None:
    """Never before the start, earliest_start, nor the end of any wash-out (also when a doctor must clear it)."""
    p = _plan(data, protocol)
    if p is None or not p.sessions:
        return
    s = p.screening
    floor = max([s.start, *(r.until for r in s.reasons if r.effect == "postpone" and r.until is not None)])
    assert s.earliest_start is None or s.earliest_start == floor
    assert min(e.date for e in p.sessions) >= floor
    for e in p.sessions:
        for zone in e.zones:
            waits = [r.until for r in s.reasons if r.zone_effect == "postpone" and r.until and zone in (r.zones or ())]
            assert all(e.date >= until for until in waits)


@SETTINGS
@given(plan_intakes(), protocol_ids)
def test_consecutive_sessions_keep_the_minimum_interval_of_their_needles(data: dict[str, Any],
                                                                         protocol: str | None) -> None:
    """Spacing is at least intervals.yaml's minimum for the longer needle of the two, so never on consecutive days."""
    p = _plan(data, protocol)
    if p is None:
        return
    needling = p.sessions
    for before, after in pairwise(needling):
        needles = [mm for mm in (before.longest_needle_mm, after.longest_needle_mm) if mm is not None]
        minimum = KB.min_interval_days(max(needles)) if needles else 1
        assert (after.date - before.date).days >= max(minimum, 2)
        assert (after.date - before.date).days >= p.protocol.interval_days


@SETTINGS
@given(plan_intakes(), protocol_ids)
def test_stop_plans_nothing_and_consult_marks_every_session_pending(data: dict[str, Any],
                                                                   protocol: str | None) -> None:
    """Contract §3: no sessions for stop; for consult every session is pending, otherwise none is."""
    p = _plan(data, protocol)
    if p is None:
        return
    if p.screening.verdict == "stop":
        assert p.events == ()
    pending = p.screening.verdict == "consult"
    assert all(e.pending_clearance == pending for e in p.sessions)


@SETTINGS
@given(plan_intakes(), protocol_ids)
def test_needles_stay_within_the_zone_the_setting_and_the_protocol(data: dict[str, Any],
                                                                  protocol: str | None) -> None:
    """Each zone's needle is the screening's suggestion: within the zone's and the protocol's limits."""
    p = _plan(data, protocol)
    if p is None:
        return
    setting = p.screening.setting
    for e in p.sessions:
        assert set(e.zones) <= set(p.screening.zones)
        for zone, mm in e.needle_mm.items():
            assert p.screening.zones[zone].verdict != "stop"
            assert mm <= KB.zones[zone].needle[setting].max_mm  # type: ignore[index]
            assert mm <= p.protocol.max_needle_mm


@SETTINGS
@given(plan_intakes(), protocol_ids)
def test_preparation_comes_before_the_first_session(data: dict[str, Any], protocol: str | None) -> None:
    """The retinol course, patch test and pauses all fall before the first session they prepare."""
    p = _plan(data, protocol)
    if p is None or not p.sessions:
        return
    first = p.sessions[0].date
    before_course = {"prep-retinol_course", "prep-patch_test", "prep-pause_actives-1",
                     "prep-pause_blood_thinning_supplements-1"}
    for e in p.events:
        if e.key in before_course:
            assert e.date < first


@SETTINGS
@given(plan_intakes(), protocol_ids, st.integers(min_value=-40, max_value=40))
def test_with_today_nothing_is_planned_in_the_past(data: dict[str, Any], protocol: str | None, shift: int) -> None:
    """When `today` is passed, every event falls on or after it."""
    today = date.fromisoformat(data["start"]) + timedelta(days=shift)
    p = _plan(data, protocol, today)
    if p is not None:
        assert all(e.date >= today for e in p.events)


@SETTINGS
@given(plan_intakes(), protocol_ids)
def test_planning_is_deterministic(data: dict[str, Any], protocol: str | None) -> None:
    """The same intake and protocol give the same plan, event for event."""
    assert _plan(data, protocol) == _plan(data, protocol)
