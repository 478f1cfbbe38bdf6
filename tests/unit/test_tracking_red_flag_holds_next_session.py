"""After a red flag, the diary does not also announce the next session."""

from __future__ import annotations

from test_tracking_builders import KB, day, reaction, session

from mesoplan.core.tracking import review


def test_no_next_session_alert_while_a_red_flag_follows_the_last_session() -> None:
    """Signs of infection after the last session hold back "your next session can be on…"."""
    alerts = review([session(0)], [], [reaction(2, "infection_signs")], KB, today=day(3))
    kinds = {a.kind for a in alerts}
    assert "red_flag" in kinds
    assert "session_due" not in kinds


def test_the_next_session_is_announced_when_no_red_flag_is_open() -> None:
    """An expected reaction in its usual course leaves the next-session alert in place."""
    alerts = review([session(0)], [], [reaction(1, "redness")], KB, today=day(3))
    assert "session_due" in {a.kind for a in alerts}


def test_a_red_flag_before_a_later_session_no_longer_holds_the_next_one_back() -> None:
    """A session logged after the red flag shows it was dealt with; the next is announced again."""
    alerts = review([session(0), session(30)], [], [reaction(2, "infection_signs")], KB, today=day(31))
    assert "session_due" in {a.kind for a in alerts}
