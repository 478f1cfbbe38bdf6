"""A home session logged while a red flag was open on its day raises its own alert (application/diary.py):
the flag's dates say whether it was open then, so an old session keeps its alert after the flag is closed."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from mesoplan.application.diary import FlagHistory, logged_session_alerts
from mesoplan.core.gate import OpenFlag
from mesoplan.core.tracking import LoggedSession
from plan_factories import KB

DAY = date(2026, 11, 10)
INTAKE = {"setting": "home", "start": "2026-11-01", "zones": ["forehead", "cheeks"], "goals": ["texture"]}


def infection(reported: date, seen: date | None = None, resolved: date | None = None) -> FlagHistory:
    return FlagHistory(OpenFlag("infection_signs", reported, "Pus, spreading warmth or redness, fever", seen), resolved)


def kinds(flag: FlagHistory, session_day: date = DAY) -> list[str]:
    session = LoggedSession(session_day, "home", ("forehead",))
    return [a.kind for a in logged_session_alerts(INTAKE, date(2026, 11, 1), [session], KB, [flag])]


def test_a_session_after_an_open_flag_is_alerted_and_one_after_its_closing_is_not() -> None:
    assert kinds(infection(DAY - timedelta(days=3))) == ["session_with_open_flag"]
    assert kinds(infection(DAY - timedelta(days=3), resolved=DAY + timedelta(days=2))) == ["session_with_open_flag"]
    assert kinds(infection(DAY - timedelta(days=3), resolved=DAY)) == []
    assert kinds(infection(DAY)) == []  # a reaction of the session's own day follows it


def test_a_doctors_look_counts_from_its_day_and_only_where_the_knowledge_base_says_it_suffices() -> None:
    dizzy = FlagHistory(OpenFlag("dizziness", DAY - timedelta(days=3), "Dizziness", DAY - timedelta(days=1)))
    assert kinds(dizzy) == []  # seen before the session: an acknowledgement, no alert
    later = FlagHistory(OpenFlag("dizziness", DAY - timedelta(days=3), "Dizziness", DAY + timedelta(days=1)))
    assert kinds(later) == ["session_with_open_flag"]  # seen only after: open on the day
    assert kinds(infection(DAY - timedelta(days=3), seen=DAY - timedelta(days=1))) == ["session_with_open_flag"]


@given(st.integers(-30, 30), st.one_of(st.none(), st.integers(0, 60)))
def test_a_flag_is_open_on_a_day_exactly_between_its_report_and_its_closing(reported: int, closed: int | None) -> None:
    day_reported = DAY + timedelta(days=reported)
    day_closed = day_reported + timedelta(days=closed) if closed is not None else None
    as_then = infection(day_reported, resolved=day_closed).as_on(DAY)
    assert (as_then is not None) == (day_reported < DAY and (day_closed is None or day_closed > DAY))
