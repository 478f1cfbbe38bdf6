"""What of a diary can still matter today: the window a diary's alerts are read over.

A diary grows every week, but what it says today depends on recent history only, so a
page reads the recent part and its cost stays flat however long the diary is. The rules
(`tracking_intervals`, `tracking_devices`, `tracking_reactions`, the gate) say how far
back they look:

- an event (a session logged too soon, a reaction that lasts, a red flag, a session the
  saved check did not allow) still matters while it is recent — within the longest interval
  the knowledge base asks between two sessions, the time the skin needs to heal from the
  deepest needle — or when nothing has happened since: every event on or after the latest
  session still matters, however old;
- an open red flag (one no session has followed) always matters, also with no session at all;
- spacing looks back at most that longest interval before a session (`latest_limit`);
- a device still in use matters whatever its age: its uses are counted over its whole life.

`review` on the recent part (sessions from `history_start`, reactions from `window_start`, every
device in use with its older uses folded into `uses_before`) gives, once `still_matters`
has dropped the events before `window_start`, the alerts the whole diary gives for what can still
matter; `tests/web/test_diary_window.py` holds the two to that.
"""

from __future__ import annotations

from datetime import date, timedelta

from mesoplan.core.knowledge import Knowledge
from mesoplan.core.tracking_models import Alert

# Alerts about one dated event; the others (device wear and cleaning, the next session due)
# describe the present and are never dropped.
EVENT_KINDS = frozenset({"session_too_soon", "reaction_prolonged", "red_flag", "session_not_allowed",
                         "session_needs_clearance", "session_with_open_flag"})


def reach_days(knowledge: Knowledge) -> int:
    """The longest interval the knowledge base asks between two sessions, in days."""
    return max(band.min_days for band in knowledge.intervals)


def window_start(knowledge: Knowledge, today: date, latest_session: date | None) -> date:
    """The first day whose events can still raise an alert today (see the module docstring)."""
    recent = today - timedelta(days=reach_days(knowledge))
    return min(recent, latest_session) if latest_session is not None else recent


def history_start(knowledge: Knowledge, first_day: date) -> date:
    """The first session day a review needs to judge the spacing of sessions from `first_day` on
    (the first day there is, for a diary that starts in year 1)."""
    reach = timedelta(days=reach_days(knowledge))
    return first_day - reach if first_day - date.min > reach else date.min


def still_matters(alert: Alert, first_day: date, latest_session: date | None) -> bool:
    """Whether an alert is about the present, an event on or after `first_day`, or an open red flag."""
    if alert.kind not in EVENT_KINDS or alert.date >= first_day:
        return True
    return alert.kind == "red_flag" and (latest_session is None or alert.date >= latest_session)
