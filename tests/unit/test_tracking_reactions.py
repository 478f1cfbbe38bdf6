"""Reactions: `reaction_prolonged` past the usual course, `red_flag` for warning signs and severe ones.

Redness is expected for 3 days; days count from the session: its own day is day 0.
"""

from __future__ import annotations

from test_tracking_builders import KB, alerts, day, reaction, session

from mesoplan.core.tracking_reactions import PROLONGED, RED_FLAG, SEVERE_REACTION


def test_redness_on_the_last_expected_day_is_not_prolonged() -> None:
    """Redness on day 3 after the session is still within its usual 3 days."""
    assert alerts("reaction_prolonged", [session(0)], reactions=[reaction(3, "redness")], today=3) == []


def test_redness_a_day_past_its_expected_course_is_prolonged() -> None:
    """Redness on day 4 gives a warning that names the day, the usual course and the session."""
    [alert] = alerts("reaction_prolonged", [session(0)], reactions=[reaction(4, "redness")], today=4)
    assert (alert.level, alert.date, alert.message_id) == ("warning", day(4), PROLONGED)
    assert (alert.params["day"], alert.params["expected_days"], alert.params["session_date"]) == (4, 3, day(0))
    assert alert.sources == KB.side_effects["redness"].sources


def test_days_count_from_the_latest_session_on_or_before_the_reaction() -> None:
    """Redness on day 8 follows the session of day 7, so it is only day 1."""
    assert alerts("reaction_prolonged", [session(0), session(7)], reactions=[reaction(8, "redness")], today=8) == []


def test_a_reaction_on_the_day_of_a_session_is_day_zero_of_it() -> None:
    """Swelling logged on a session's own day belongs to that session, not the one before."""
    found = alerts("red_flag", [session(0), session(7)], reactions=[reaction(7, "swelling", 5)], today=7)
    assert [(a.params["day"], a.params["session_date"]) for a in found] == [(0, day(7))]


def test_days_count_from_the_session_the_reaction_names() -> None:
    """Redness on day 8 that names the session of day 0 is day 8 of it, and prolonged."""
    found = alerts("reaction_prolonged", [session(0), session(7)], reactions=[reaction(8, "redness", after=0)],
                   today=8)
    assert [a.params["day"] for a in found] == [8]


def test_a_reaction_with_no_session_before_it_is_never_prolonged() -> None:
    """Without a session to count from, an expected reaction raises nothing."""
    assert alerts("reaction_prolonged", [session(10)], reactions=[reaction(5, "redness")], today=10) == []


def test_a_symptom_logged_every_day_gives_one_alert_for_its_latest_day() -> None:
    """Redness logged on days 1 to 6 after one session is one warning, for day 6."""
    daily = [reaction(n, "redness") for n in range(1, 7)]
    found = alerts("reaction_prolonged", [session(0)], reactions=daily, today=6)
    assert [a.date for a in found] == [day(6)]


def test_a_red_flag_symptom_is_urgent_and_says_see_a_doctor_today() -> None:
    """Signs of infection, even rated mild, give an urgent same-day alert with the side effect's advice and sources."""
    [alert] = alerts("red_flag", [session(0)], reactions=[reaction(2, "infection_signs", 1)], today=2)
    assert (alert.level, alert.message_id, alert.params["why"]) == ("urgent", RED_FLAG, "red_flag")
    assert alert.message.startswith("See a doctor today")
    assert alert.params["urgency"] == "doctor_today"
    assert KB.side_effects["infection_signs"].advice in alert.message
    assert alert.sources == KB.side_effects["infection_signs"].sources


def test_a_severe_expected_reaction_is_a_red_flag() -> None:
    """Swelling rated 5 of 5 on day 1 is urgent although swelling is expected."""
    [alert] = alerts("red_flag", [session(0)], reactions=[reaction(1, "swelling", 5)], today=1)
    assert (alert.message_id, alert.params["why"], alert.params["severity"]) == (SEVERE_REACTION, "severe", 5)


def test_a_red_flag_needs_no_session_to_count_from() -> None:
    """Dark patches logged before any session still send the person to a doctor."""
    found = alerts("red_flag", reactions=[reaction(3, "dark_patches", 2)], today=3)
    assert [(a.date, a.params["day"]) for a in found] == [(day(3), None)]


def test_expected_reactions_within_their_course_raise_nothing() -> None:
    """Redness on day 1, dryness on day 5 and bruising rated 4 on day 2 are all usual."""
    usual = [reaction(1, "redness"), reaction(5, "dryness_flaking"), reaction(2, "bruising", 4)]
    found = alerts("reaction_prolonged", [session(0)], reactions=usual, today=5)
    assert found + alerts("red_flag", [session(0)], reactions=usual, today=5) == []
