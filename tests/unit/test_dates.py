"""Exact calendar arithmetic for wash-outs: days, weeks, calendar months, month ends and leap years."""

from __future__ import annotations

import calendar
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from mesoplan.core.dates import Period, add_months
from profiles import examples

some_dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2500, 12, 31))
some_months = st.integers(min_value=-600, max_value=600)


def test_days_after_cross_a_month_end() -> None:
    """7 days after 28 November is 5 December."""
    assert Period(7, "days").after(date(2026, 11, 28)) == date(2026, 12, 5)


def test_days_before_cross_a_year_boundary() -> None:
    """7 days before 3 January is 27 December of the year before."""
    assert Period(7, "days").before(date(2027, 1, 3)) == date(2026, 12, 27)


def test_weeks_are_seven_days_each() -> None:
    """4 weeks after 15 November is 13 December, 28 days later."""
    assert Period(4, "weeks").after(date(2026, 11, 15)) == date(2026, 12, 13)


def test_weeks_before_count_back_seven_days_each() -> None:
    """2 weeks before 1 March 2028 (a leap year) is 16 February."""
    assert Period(2, "weeks").before(date(2028, 3, 1)) == date(2028, 2, 16)


def test_zero_days_after_is_the_same_day() -> None:
    """A wash-out of 0 days ends on its anchor (pregnancy ends on the day of birth)."""
    assert Period(0, "days").after(date(2027, 3, 1)) == date(2027, 3, 1)


def test_months_after_keep_the_day_of_the_month() -> None:
    """6 months after 1 August 2026 is 1 February 2027 (the isotretinoin wash-out of the contract)."""
    assert Period(6, "months").after(date(2026, 8, 1)) == date(2027, 2, 1)


def test_months_after_a_month_end_give_the_last_day_of_a_shorter_month() -> None:
    """31 August 2026 + 6 months is 28 February 2027: February has no 31st."""
    assert Period(6, "months").after(date(2026, 8, 31)) == date(2027, 2, 28)


def test_months_after_a_month_end_give_29_february_in_a_leap_year() -> None:
    """31 August 2027 + 6 months is 29 February 2028, a leap year."""
    assert Period(6, "months").after(date(2027, 8, 31)) == date(2028, 2, 29)


def test_months_after_31_march_land_on_30_april() -> None:
    """A month after 31 March is 30 April."""
    assert add_months(date(2026, 3, 31), 1) == date(2026, 4, 30)


def test_months_after_cross_a_year_boundary() -> None:
    """3 months after 15 November 2026 is 15 February 2027."""
    assert Period(3, "months").after(date(2026, 11, 15)) == date(2027, 2, 15)


def test_months_before_cross_a_year_boundary() -> None:
    """6 months before 1 February 2027 is 1 August 2026."""
    assert Period(6, "months").before(date(2027, 2, 1)) == date(2026, 8, 1)


def test_negative_months_count_backwards_to_a_shorter_month() -> None:
    """1 month before 31 March 2027 is 28 February 2027."""
    assert add_months(date(2027, 3, 31), -1) == date(2027, 2, 28)


def test_negative_months_reach_29_february_in_a_leap_year() -> None:
    """12 months before 29 February 2028 is 28 February 2027, the next 29 February is years away."""
    assert add_months(date(2028, 2, 29), -12) == date(2027, 2, 28)


def test_twelve_months_after_29_february_is_28_february() -> None:
    """A year after 29 February 2028 is 28 February 2029."""
    assert add_months(date(2028, 2, 29), 12) == date(2029, 2, 28)


def test_zero_months_is_the_same_day() -> None:
    """Adding no months leaves the date alone."""
    assert add_months(date(2026, 12, 31), 0) == date(2026, 12, 31)


def test_a_period_reads_in_plain_words() -> None:
    """Periods read as '1 day', '7 days', '1 month', '6 months' in messages."""
    assert [str(Period(1, "days")), str(Period(7, "days")), str(Period(1, "months")), str(Period(6, "months"))] == [
        "1 day", "7 days", "1 month", "6 months"]


@settings(max_examples=examples(300))
@given(some_dates, some_months)
def test_adding_then_subtracting_months_returns_to_the_same_month_no_later(anchor: date, months: int) -> None:
    """add_months(add_months(d, n), -n) is in d's month, on d or earlier (when a month end was clipped)."""
    back = add_months(add_months(anchor, months), -months)
    assert (back.year, back.month) == (anchor.year, anchor.month)
    assert back <= anchor


@settings(max_examples=examples(300))
@given(some_dates, some_months)
def test_adding_months_moves_exactly_that_many_calendar_months(anchor: date, months: int) -> None:
    """The result is `months` calendar months away, on the same day or the target month's last day."""
    moved = add_months(anchor, months)
    assert (moved.year * 12 + moved.month) - (anchor.year * 12 + anchor.month) == months
    last_day = calendar.monthrange(moved.year, moved.month)[1]
    assert moved.day == min(anchor.day, last_day)


@settings(max_examples=examples(300))
@given(some_dates, st.integers(min_value=0, max_value=400), st.sampled_from(["days", "weeks", "months"]))
def test_after_and_before_are_never_on_the_wrong_side_of_the_anchor(anchor: date, amount: int, unit: str) -> None:
    """A period after an anchor is never earlier than it, and before it never later."""
    period = Period(amount, unit)  # type: ignore[arg-type]  # unit drawn from the three valid ones
    assert period.before(anchor) <= anchor <= period.after(anchor)
