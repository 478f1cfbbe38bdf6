"""How far a clinic may move a wash-out: comparing periods and each rule's bounds.

Pure. A period in months has no fixed length (28 to 31 days a month), so "at most"
between a period in days and one in months means: whatever the anchor date.
"""

from __future__ import annotations

import calendar

from mesoplan.core.dates import Period
from mesoplan.core.knowledge import Interval, PolicyDefaults, Rule

# One leap cycle of four years holds every combination of month lengths (2100 aside).
_CYCLE_YEARS = (2024, 2025, 2026, 2027)
_MONTH_DAYS: tuple[int, ...] = tuple(calendar.monthrange(y, m)[1] for y in _CYCLE_YEARS for m in range(1, 13))
_CYCLE = len(_MONTH_DAYS)
_CYCLE_TOTAL = sum(_MONTH_DAYS)
# Days from the start of month i of the cycle to the start of month j (j <= i + _CYCLE), as prefix sums.
_STARTS: tuple[int, ...] = tuple(sum((_MONTH_DAYS * 2)[:i]) for i in range(2 * _CYCLE + 1))


def span_days(period: Period) -> tuple[int, int]:
    """The shortest and longest number of days `period` can last, over every anchor date.

    Counted, not tried: N months from day d of month m last the days of months m to m+N-1,
    less what the last month lacks of day d (31 August + 6 months is 28 February). A day from
    1 to 28 exists in every month, so it spans what day 1 spans: only days 29 to 31 differ.
    """
    if period.fixed is not None:
        return period.fixed.days, period.fixed.days
    whole, rest = divmod(period.amount, _CYCLE)
    spans = []
    for m, length in enumerate(_MONTH_DAYS):
        months = whole * _CYCLE_TOTAL + _STARTS[m + rest] - _STARTS[m]
        target = _MONTH_DAYS[(m + rest) % _CYCLE]
        spans += [months + min(day, target) - day for day in (1, 29, 30, 31) if day <= length]
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


def band_key(band: Interval) -> str:
    """A needle band's key in a policy: its upper needle length in mm, as written ("1.0", "1.5")."""
    return f"{band.up_to_mm:.1f}" if band.up_to_mm * 10 == int(band.up_to_mm * 10) else f"{band.up_to_mm:g}"


def interval_bounds(band: Interval, defaults: PolicyDefaults | None) -> tuple[int, int] | None:
    """The fewest and most days between sessions a clinic may set for a needle band; None if it may
    set none. Lengthen only (policy.yaml `interval`): from the band's days up to the ceiling."""
    if defaults is None or defaults.interval_ceiling_days <= band.min_days:
        return None
    return band.min_days, defaults.interval_ceiling_days
