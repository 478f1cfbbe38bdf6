"""Spacing between sessions: `session_too_soon` and `session_due`.

The bands of intervals.yaml: up to 0.25 mm 3 days, 0.5 mm 7, 1 mm 14, 1.5 mm 28, 3 mm 42 (E6).
"""

from __future__ import annotations

from test_tracking_builders import KB, alerts, day, device, session

from mesoplan.core.tracking_intervals import NEXT_ALLOWED, PLANNED_DUE, PLANNED_TOO_SOON, TOO_SOON


def test_a_session_exactly_the_minimum_interval_after_the_last_is_not_too_soon() -> None:
    """Two 0.5 mm sessions 7 days apart are fine."""
    assert alerts("session_too_soon", [session(0), session(7)]) == []


def test_a_session_one_day_short_of_the_minimum_interval_is_too_soon() -> None:
    """Two 0.5 mm sessions 6 days apart give a warning on the later day, with the gap and the minimum."""
    [alert] = alerts("session_too_soon", [session(0), session(6)])
    assert (alert.level, alert.date, alert.message_id) == ("warning", day(6), TOO_SOON)
    assert (alert.params["days"], alert.params["min_days"], alert.params["needle_mm"]) == (6, 7, 0.5)


def test_a_too_soon_alert_cites_the_interval_band_it_used() -> None:
    """The sources are those of the 0.5 mm band in intervals.yaml."""
    [alert] = alerts("session_too_soon", [session(0), session(6)])
    assert alert.sources == KB.intervals[1].sources


def test_the_longer_needle_of_the_two_sessions_sets_the_gap() -> None:
    """A 0.25 mm session 10 days after a 1 mm one is too soon: the skin heals from the deeper one first."""
    [alert] = alerts("session_too_soon", [session(0, needle_mm=1.0), session(10, needle_mm=0.25)])
    assert (alert.params["min_days"], alert.params["needle_mm"]) == (14, 1.0)


def test_sessions_without_a_known_needle_count_as_half_a_millimetre() -> None:
    """With no needle logged anywhere, 6 days apart is too soon by the 0.5 mm band."""
    [alert] = alerts("session_too_soon", [session(0, needle_mm=None), session(6, needle_mm=None)])
    assert (alert.params["min_days"], alert.params["needle_mm"]) == (7, 0.5)


def test_the_devices_needle_counts_when_the_session_names_none() -> None:
    """Sessions with a 1 mm roller and no needle of their own need 14 days."""
    roller = device(needle_mm=1.0)
    diary = [session(0, needle_mm=None, device_id="roller"), session(10, needle_mm=None, device_id="roller")]
    [alert] = alerts("session_too_soon", diary, [roller])
    assert alert.params["min_days"] == 14


def test_a_session_too_soon_after_an_older_deeper_session_is_caught() -> None:
    """A 0.25 mm session 5 days after another 0.25 mm one is still too soon if a 1.5 mm one was 25 days before."""
    diary = [session(0, needle_mm=1.5), session(25, needle_mm=0.25), session(20, needle_mm=0.25)]
    found = alerts("session_too_soon", diary)
    assert [(a.date, a.params["previous"], a.params["min_days"]) for a in found] == [
        (day(20), day(0), 28), (day(25), day(0), 28)]


def test_a_safe_diary_has_no_too_soon_alerts() -> None:
    """Monthly 1.5 mm clinic sessions are never too soon."""
    diary = [session(n, setting="clinic", needle_mm=1.5) for n in (0, 28, 56, 90)]
    assert alerts("session_too_soon", diary) == []


def test_the_next_session_is_due_the_minimum_interval_after_the_last() -> None:
    """Without a plan, a 0.5 mm session on day 0 makes the next one due on day 7."""
    [alert] = alerts("session_due", [session(0)], today=3)
    assert (alert.level, alert.date, alert.message_id) == ("info", day(7), NEXT_ALLOWED)
    assert alert.params["days_left"] == 4


def test_the_next_session_is_due_today_when_the_interval_ends_today() -> None:
    """On day 7 after a 0.5 mm session, the next one is due that very day."""
    [alert] = alerts("session_due", [session(0)], today=7)
    assert alert.date == day(7)


def test_no_session_is_announced_once_the_earliest_day_has_passed() -> None:
    """On day 8 after a 0.5 mm session there is nothing to announce."""
    assert alerts("session_due", [session(0)], today=8) == []


def test_an_empty_diary_has_no_due_session() -> None:
    """No sessions and no plan: nothing is due."""
    assert alerts("session_due", today=0) == []


def test_a_planned_session_within_a_week_is_announced() -> None:
    """A session planned 7 days ahead is announced on its date."""
    [alert] = alerts("session_due", [session(0)], today=10, planned=[17])
    assert (alert.date, alert.message_id, alert.params["days_left"]) == (day(17), PLANNED_DUE, 7)


def test_a_planned_session_more_than_a_week_ahead_is_not_announced_yet() -> None:
    """A session planned 8 days ahead gives nothing, and the earliest allowed day is not offered instead."""
    assert alerts("session_due", [session(0)], today=10, planned=[18]) == []


def test_past_and_already_logged_planned_dates_are_skipped() -> None:
    """The plan's next date is the first one from today on that has no session logged yet."""
    [alert] = alerts("session_due", [session(0), session(14)], today=14, planned=[7, 14, 21])
    assert alert.date == day(21)


def test_a_planned_session_too_soon_after_the_last_is_a_warning_not_an_announcement() -> None:
    """A 0.5 mm session on day 0 and one planned for day 5 give a too-soon warning for day 5."""
    found = alerts("session_too_soon", [session(0)], today=2, planned=[5])
    assert [(a.date, a.message_id, a.params["allowed"]) for a in found] == [(day(5), PLANNED_TOO_SOON, day(7))]
    assert alerts("session_due", [session(0)], today=2, planned=[5]) == []
