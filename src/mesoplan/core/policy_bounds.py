"""How far a clinic may move a wash-out: comparing periods and each rule's bounds.

Pure. A period in months has no fixed length (28 to 31 days a month), so "at most"
between a period in days and one in months means: whatever the anchor date.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from mesoplan.core.dates import Period
from mesoplan.core.knowledge import Rule

# Without `policy_washout`, a clinic may only lengthen a wash-out, to at most this many
# times the knowledge base's value and never beyond a year: longer waits stop being a
# wash-out and become a refusal, which is the knowledge base's call, not a setting.
DEFAULT_MAX_FACTOR = 4
DEFAULT_CEILING = Period(12, "months")

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


def washout_bounds(rule: Rule) -> tuple[Period, Period] | None:
    """The shortest and longest wash-out a clinic may set for `rule`; None if it has none."""
    if rule.washout is None:
        return None
    if rule.policy_washout is not None:
        return rule.policy_washout
    longest = Period(rule.washout.amount * DEFAULT_MAX_FACTOR, rule.washout.unit)
    return rule.washout, longest if at_most(longest, DEFAULT_CEILING) else DEFAULT_CEILING
