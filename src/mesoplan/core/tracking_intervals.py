"""Spacing between sessions: a session logged (or planned) too soon, and when the next is due.

The gap two sessions need is the interval band (intervals.yaml) of the longer of
their two needles: the skin must heal from the deeper one whichever came first.
This keeps "too soon" consistent with "due": a session due on the 15th by the
last session's needle is not called too soon on the 15th whatever needle the
next one uses, unless that needle is longer. With neither needle known, schedule.yaml's
`next_session.default_needle_mm`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from mesoplan.core.i18n import N_
from mesoplan.core.knowledge import Interval, Knowledge
from mesoplan.core.tracking_diary import Diary
from mesoplan.core.tracking_models import Alert, LoggedSession

TOO_SOON = N_("Your session on {date} came {days} days after the one on {previous}: with a {needle_mm} mm "
              "needle leave at least {min_days} days between sessions so the skin can heal. "
              "The earliest day would have been {allowed}.")
PLANNED_TOO_SOON = N_("Your session planned for {date} is only {days} days after the one on {previous}: with a "
                      "{needle_mm} mm needle leave at least {min_days} days between sessions. "
                      "Move it to {allowed} or later.")
PLANNED_DUE = N_("Your next session is planned for {date}.")
NEXT_ALLOWED = N_("Your next session can be on {date} at the earliest: {min_days} days after the one on "
                  "{previous}, with a {needle_mm} mm needle.")


@dataclass(frozen=True, slots=True)
class Limit:
    """The earliest day a next session may follow an earlier one, and the band that sets it."""

    allowed: date
    earlier: LoggedSession
    needle_mm: float
    band: Interval
    min_days: int


def pair_needle(first: float | None, second: float | None, knowledge: Knowledge) -> float:
    """The needle length that sets the gap between two sessions (see the module docstring)."""
    known = [mm for mm in (first, second) if mm is not None]
    return max(known) if known else knowledge.schedule.default_needle_mm


def band(knowledge: Knowledge, needle_mm: float) -> Interval:
    """The interval band of a needle length, for its sources (the same band as `min_interval_days`)."""
    return next((b for b in knowledge.intervals if needle_mm <= b.up_to_mm), knowledge.intervals[-1])


def latest_limit(diary: Diary, knowledge: Knowledge, earlier: Sequence[LoggedSession],
                 needle_mm: float | None, day: date) -> Limit | None:
    """The binding limit a session on `day` must respect: of all earlier sessions, the latest allowed day.

    Args:
        earlier: sessions on or before `day`, in canonical (date) order.
        needle_mm: the needle of the session on `day`, if known.
    """
    reach = max(b.min_days for b in knowledge.intervals)
    best: Limit | None = None
    for session in reversed(earlier):
        if (day - session.date).days >= reach:
            break  # no band reaches further back, and the rest are older still
        mm = pair_needle(diary.needle(session), needle_mm, knowledge)
        min_days = knowledge.min_interval_days(mm)
        allowed = session.date + timedelta(days=min_days)
        if best is None or allowed > best.allowed:
            best = Limit(allowed, session, mm, band(knowledge, mm), min_days)
    return best


def _params(limit: Limit, day: date) -> dict[str, object]:
    return {"days": (day - limit.earlier.date).days, "min_days": limit.min_days, "needle_mm": limit.needle_mm,
            "previous": limit.earlier.date, "allowed": limit.allowed}


def too_soon(diary: Diary, knowledge: Knowledge) -> Iterator[Alert]:
    """A warning for every logged session closer to an earlier one than their interval band allows."""
    for i, later in enumerate(diary.sessions):
        limit = latest_limit(diary, knowledge, diary.sessions[:i], diary.needle(later), later.date)
        if limit is not None and later.date < limit.allowed:
            yield Alert("session_too_soon", "warning", later.date, TOO_SOON, limit.band.sources,
                        _params(limit, later.date))


def due(diary: Diary, knowledge: Knowledge, today: date, planned: Sequence[date]) -> Iterator[Alert]:
    """The next session: the next planned date within a week (a warning if too soon), else the earliest allowed.

    A planned date on which a session is already logged counts as done.
    """
    if planned:
        logged = set(diary.session_dates)
        upcoming = sorted(d for d in planned if d >= today and d not in logged)
        if not upcoming or (upcoming[0] - today).days > knowledge.schedule.announce_days:
            return
        day = upcoming[0]
        before = [s for s in diary.sessions if s.date <= day]
        limit = latest_limit(diary, knowledge, before, None, day)
        if limit is not None and day < limit.allowed:
            yield Alert("session_too_soon", "warning", day, PLANNED_TOO_SOON, limit.band.sources,
                        _params(limit, day))
        else:
            yield Alert("session_due", "info", day, PLANNED_DUE, limit.band.sources if limit else (),
                        {"days_left": (day - today).days})
        return
    if not diary.sessions:
        return
    limit = latest_limit(diary, knowledge, diary.sessions, None, diary.sessions[-1].date)
    if limit is not None and limit.allowed >= today:
        yield Alert("session_due", "info", limit.allowed, NEXT_ALLOWED, limit.band.sources,
                    {**_params(limit, limit.allowed), "days_left": (limit.allowed - today).days})
