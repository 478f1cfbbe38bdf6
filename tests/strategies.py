"""Hypothesis strategies: valid intake dicts built from the shipped knowledge base's vocabulary.

Dates fall in a window around the rule examples' start date, so that wash-outs
(one day to six months) both end before and after the start date.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from mesoplan.core.knowledge import DeviceKind
from mesoplan.core.verdicts import SETTINGS
from mesoplan.knowledge_loader import load_knowledge

KB = load_knowledge()
ZONES = sorted(KB.zones)
GOALS = sorted(KB.goals)
CONDITIONS = KB.ids("condition")
MEDICATIONS = KB.ids("medication")
PROCEDURES = KB.ids("procedure")
ALLERGENS = sorted(KB.ingredients)
SERUMS = sorted(i.id for i in KB.ingredients.values() if i.serum)
DEVICES = sorted(KB.devices)
FACTOR_LISTS = ("conditions", "medications", "procedures", "allergies", "serums")

Data = dict[str, Any]

dates = st.dates(min_value=date(2025, 10, 1), max_value=date(2027, 10, 31))
# Lengths that sit on the zone and setting limits are drawn often, any other length sometimes.
ROUND_LENGTHS = (0.2, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 2.5, 3.0)


def _optional(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[Data]:
    return st.fixed_dictionaries({}, optional=fields)


def zone_lists(max_size: int = 4) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(ZONES), max_size=max_size)


def _with_id(ids: tuple[str, ...], fields: st.SearchStrategy[Data]) -> st.SearchStrategy[Any]:
    """An entry as a mapping with an id, or (sometimes) as the bare id."""
    mapping = st.builds(lambda id_, rest: {"id": id_, **rest}, st.sampled_from(ids), fields)
    return st.one_of(mapping, st.sampled_from(ids))


def conditions() -> st.SearchStrategy[Any]:
    # `zones: []` included: it means the whole treated area, like no `zones` at all.
    return _with_id(CONDITIONS, _optional(zones=zone_lists(3), until=dates, since=dates))


def medications() -> st.SearchStrategy[Any]:
    # `stopped` and `until` exclude each other: at most one of them.
    when = st.one_of(st.just({}), st.builds(lambda d: {"stopped": d}, dates), st.builds(lambda d: {"until": d}, dates))
    fields = st.builds(lambda w, rest: {**w, **rest}, when, _optional(prescribed=st.booleans()))
    return _with_id(MEDICATIONS, fields)


def procedures() -> st.SearchStrategy[Any]:
    return _with_id(PROCEDURES, _optional(date=dates, zones=zone_lists(3)))


def kind_needle_lengths(kind: DeviceKind) -> st.SearchStrategy[float]:
    """Lengths a kind of device comes in (any of its settings' ranges), the round ones included."""
    ranges = kind.needle_range_mm.values()
    low, high = (min(r[0] for r in ranges), max(r[1] for r in ranges)) if ranges else (0.05, 5.0)
    any_length = st.floats(min_value=low, max_value=high, allow_nan=False, allow_infinity=False)
    round_ones = [mm for mm in ROUND_LENGTHS if low <= mm <= high]
    return st.one_of(st.sampled_from(round_ones), any_length) if round_ones else any_length


@st.composite
def devices(draw: st.DrawFn) -> Data:
    """A device with a needle length its kind comes in; needle-free kinds never carry `needle_mm`."""
    kind = KB.devices[draw(st.sampled_from(DEVICES))]
    fields = {"needle_mm": kind_needle_lengths(kind)} if kind.has_needles else {}
    rest = draw(_optional(needles=st.integers(1, 5000), first_used=dates, uses=st.integers(0, 30), **fields))
    return {"kind": kind.id, **rest}


people = _optional(
    age=st.integers(0, 120),
    sex=st.sampled_from(["female", "male", "other"]),
    fitzpatrick=st.integers(1, 6),
    pregnant=st.booleans(),
    breastfeeding=st.booleans(),
)


@st.composite
def intakes(draw: st.DrawFn) -> Data:
    """A valid intake dict: every id known, every zone treatable in the setting."""
    setting = draw(st.sampled_from(SETTINGS))
    treatable = [z for z in ZONES if setting in KB.zones[z].settings]
    data: Data = {
        "setting": setting,
        "start": draw(dates),
        "zones": draw(st.lists(st.sampled_from(treatable), min_size=1, max_size=4)),
    }
    optional = draw(_optional(
        person=people,
        goals=st.lists(st.sampled_from(GOALS), max_size=3),
        conditions=st.lists(conditions(), max_size=3),
        medications=st.lists(medications(), max_size=3),
        procedures=st.lists(procedures(), max_size=2),
        allergies=st.lists(st.sampled_from(ALLERGENS), max_size=2),
        serums=st.lists(st.sampled_from(SERUMS), max_size=2),
        device=devices(),
    ))
    return {**data, **optional}


# Factors with a wash-out counted from a date: the ones that postpone.
DATED = {
    category: sorted({r.factor for r in KB.all_rules() if r.category == category and r.washout is not None})
    for category in ("condition", "medication", "procedure")
}
DATE_KEY = {"condition": "until", "medication": "stopped", "procedure": "date"}


@st.composite
def dated_intakes(draw: st.DrawFn) -> Data:
    """An intake whose only factors are dated entries with a wash-out: mostly postponed, with a date."""
    setting = draw(st.sampled_from(SETTINGS))
    start = draw(dates)
    entries: dict[str, list[Data]] = {}
    for _ in range(draw(st.integers(1, 3))):
        category = draw(st.sampled_from(sorted(DATED)))
        key = "until" if category == "medication" and draw(st.booleans()) else DATE_KEY[category]
        when = start + timedelta(days=draw(st.integers(-200, 60)))
        entries.setdefault(f"{category}s", []).append({"id": draw(st.sampled_from(DATED[category])), key: when})
    treatable = [z for z in ZONES if setting in KB.zones[z].settings]
    zones = draw(st.lists(st.sampled_from(treatable), min_size=1, max_size=3))
    return {"setting": setting, "start": start, "zones": zones, **entries}


def any_intakes() -> st.SearchStrategy[Data]:
    """Valid intakes of both kinds: anything at all, and dated ones that mostly postpone."""
    return st.one_of(intakes(), dated_intakes())


def extra_factors() -> st.SearchStrategy[tuple[str, Any]]:
    """One more factor for an intake: (the list it goes in, the entry)."""
    return st.one_of(
        st.tuples(st.just("conditions"), conditions()),
        st.tuples(st.just("medications"), medications()),
        st.tuples(st.just("procedures"), procedures()),
        st.tuples(st.just("allergies"), st.sampled_from(ALLERGENS)),
        st.tuples(st.just("serums"), st.sampled_from(SERUMS)),
    )


def add_factor(data: Data, factor: tuple[str, Any]) -> Data:
    """A copy of the intake with one more entry in one of its factor lists."""
    key, entry = factor
    return {**data, key: [*data.get(key, []), entry]}


def shuffled(value: Any, rnd: random.Random) -> Any:
    """A deep copy with every list, nested ones included, in another order."""
    if isinstance(value, dict):
        return {key: shuffled(item, rnd) for key, item in value.items()}
    if isinstance(value, list):
        items = [shuffled(item, rnd) for item in value]
        rnd.shuffle(items)
        return items
    return value
