"""How far a clinic may move a wash-out: comparing periods and each rule's bounds.

Pure. A period in months has no fixed length (28 to 31 days a month), so "at most"
between a period in days and one in months means: whatever the anchor date.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from mesoplan.core.dates import Period
from mesoplan.core.knowledge import PolicyDefaults, Rule

# One leap cycle of anchors holds every combination of month lengths (2100 aside).
_CYCLE_START = date(2024, 1, 1)
_CYCLE_DAYS = 4 * 365 + 1


@lru_cache(maxsize=256)
def span_days(period: Period) -> tuple[int, int]:
    """The shortest and longest number of days `period` can last, over every anchor date."""
    if period.fixed is not None:
        return period.fixed.days, period.fixed.days
    spans = set()
    for offset in range(_CYCLE_DAYS):
        anchor = _CYCLE_START + timedelta(days=offset)
        spans.add((period.after(anchor) - anchor).days)
    return min(spans), max(spans)


def at_most(a: Period, b: Period) -> bool:
    """Whether `a` ends on or before `b` from any anchor date."""
    if (a.unit == "months") == (b.unit == "months"):
        # Same kind: months against months, or fixed days against fixed days, compare exactly.
        return a.amount <= b.amount if a.unit == "months" else span_days(a)[0] <= span_days(b)[0]
    return span_days(a)[1] <= span_days(b)[0]


def washout_bounds(rule: Rule, defaults: PolicyDefaults | None) -> tuple[Period, Period] | None:
    """The shortest and longest wash-out a clinic may set for `rule`; None if it may set none.

    The rule's own `policy_washout`, else the knowledge base's defaults (policy.yaml):
    lengthen only, to `max_factor` times the wash-out and never beyond `ceiling`.
    """
    if rule.washout is None:
        return None
    if rule.policy_washout is not None:
        return rule.policy_washout
    if defaults is None:
        return None
    longest = Period(rule.washout.amount * defaults.max_factor, rule.washout.unit)
    return rule.washout, longest if at_most(longest, defaults.ceiling) else defaults.ceiling


def washout_sources(rule: Rule, defaults: PolicyDefaults | None) -> tuple[str, ...]:
    """The sources of `rule`'s bounds: its own range's, else the defaults'."""
    if rule.policy_washout is not None:
        return rule.policy_washout_sources
    return defaults.sources if defaults is not None else ()
