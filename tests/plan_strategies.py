"""Hypothesis strategies for planning: intakes rich in what moves a plan's dates.

Start dates cluster on month ends, leap days and year ends; conditions and
procedures carry zones and end dates around the start, so that zones are left out,
join later, or the whole course is postponed; devices come with and without needles.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from plan_factories import KB

SETTINGS = ("home", "clinic")
PROTOCOLS = sorted(KB.protocols)
TRICKY_STARTS = (date(2027, 1, 31), date(2027, 2, 28), date(2028, 2, 29), date(2027, 8, 31), date(2027, 12, 31),
                 date(2028, 1, 1), date(2026, 12, 1))
ZONAL_WAITS = ("sunburn", "rash", "open_wound")  # zonal postpone rules (conditions.yaml)
NEEDLES = (0.2, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 2.5)

Data = dict[str, Any]

starts = st.one_of(st.sampled_from(TRICKY_STARTS), st.dates(min_value=date(2026, 1, 1), max_value=date(2030, 12, 31)))


def _around(start: date) -> st.SearchStrategy[date]:
    """A date from half a year before to two months after the start."""
    return st.integers(min_value=-200, max_value=60).map(lambda days: start + timedelta(days=days))


@st.composite
def plan_intakes(draw: st.DrawFn) -> Data:
    """A valid intake dict, as a person or a program would send it."""
    setting = draw(st.sampled_from(SETTINGS))
    start = draw(starts)
    zones = sorted(z for z in KB.zones if setting in KB.zones[z].settings)
    scalp = draw(st.integers(min_value=0, max_value=5)) == 0  # the scalp protocols need scalp alone
    chosen = ["scalp"] if scalp else draw(st.lists(st.sampled_from(zones), min_size=1, max_size=4, unique=True))
    some_zones = st.lists(st.sampled_from(chosen or zones), min_size=1, max_size=2, unique=True)
    goals = draw(st.lists(st.sampled_from(sorted(KB.goals)), max_size=2, unique=True))
    data: Data = {"setting": setting, "start": start.isoformat(), "zones": chosen,
                  "goals": sorted({*goals, "post_hair_transplant"}) if scalp else goals}
    conditions = draw(st.lists(st.fixed_dictionaries(
        {"id": st.sampled_from(KB.ids("condition"))},
        optional={"zones": some_zones, "until": _around(start).map(date.isoformat)}), max_size=2))
    medications = draw(st.lists(st.fixed_dictionaries(
        {"id": st.sampled_from(KB.ids("medication"))},
        optional={"stopped": _around(start).map(date.isoformat), "prescribed": st.booleans()}), max_size=2))
    procedures = draw(st.lists(st.fixed_dictionaries(
        {"id": st.sampled_from(KB.ids("procedure")), "date": _around(start).map(date.isoformat)},
        optional={"zones": some_zones}), max_size=2))
    if len(chosen) > 1 and draw(st.booleans()):
        # A wait on some zones only: those zones join the course later.
        conditions.append({"id": draw(st.sampled_from(ZONAL_WAITS)), "zones": chosen[:1],
                           "until": (start + timedelta(days=draw(st.integers(0, 40)))).isoformat()})
    data.update(conditions=conditions, medications=medications, procedures=procedures)
    data["serums"] = draw(st.lists(st.sampled_from(sorted(i.id for i in KB.ingredients.values() if i.serum)),
                                   max_size=2, unique=True))
    data["allergies"] = draw(st.lists(st.sampled_from(sorted(KB.ingredients)), max_size=1))
    if draw(st.booleans()):
        kind = draw(st.sampled_from(sorted(KB.devices)))
        device: Data = {"kind": kind, "uses": draw(st.integers(min_value=0, max_value=3))}
        if KB.devices[kind].has_needles and draw(st.booleans()):
            device["needle_mm"] = draw(st.sampled_from(NEEDLES))
        data["device"] = device
    return data


protocol_ids = st.one_of(st.none(), st.sampled_from(PROTOCOLS))
