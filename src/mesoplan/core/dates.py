"""Exact calendar arithmetic for wash-outs (month lengths and leap years included)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

Unit = Literal["days", "weeks", "months"]


@dataclass(frozen=True, slots=True)
class Period:
    """A waiting time such as 6 months or 7 days."""

    amount: int
    unit: Unit
    # Days and weeks are a fixed timedelta, computed once: wash-outs are added in the
    # screening hot path. Months have no fixed length, so they stay None.
    fixed: timedelta | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        fixed = None if self.unit == "months" else timedelta(days=self.amount * (7 if self.unit == "weeks" else 1))
        object.__setattr__(self, "fixed", fixed)

    def after(self, anchor: date) -> date:
        """The date `amount` units after `anchor`."""
        fixed = self.fixed
        return anchor + fixed if fixed is not None else add_months(anchor, self.amount)

    def before(self, anchor: date) -> date:
        """The date `amount` units before `anchor`."""
        fixed = self.fixed
        return anchor - fixed if fixed is not None else add_months(anchor, -self.amount)

    def __str__(self) -> str:
        unit = self.unit[:-1] if self.amount == 1 else self.unit
        return f"{self.amount} {unit}"


def add_months(anchor: date, months: int) -> date:
    """Add calendar months; a day that the target month lacks becomes its last day.

    31 August + 6 months is 28 February (29 in a leap year), as a person
    counting on a calendar would say.
    """
    index = anchor.year * 12 + (anchor.month - 1) + months
    year, month0 = divmod(index, 12)
    last_day = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(anchor.day, last_day))
