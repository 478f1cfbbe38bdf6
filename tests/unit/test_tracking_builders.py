"""Builders of diary entries for the tracking tests (no tests here; the name keeps it with them).

Days are numbered from DAY 0, a Monday; every builder takes the day number and
only the fields a test is about.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from mesoplan.core.tracking import Alert, AlertKind, LoggedDevice, LoggedReaction, LoggedSession, review
from mesoplan.core.verdicts import Setting
from mesoplan.knowledge_loader import load_knowledge

KB = load_knowledge()
DAY0 = date(2026, 3, 2)


def day(n: int) -> date:
    """The date `n` days after DAY0."""
    return DAY0 + timedelta(days=n)


def session(n: int = 0, *, setting: Setting = "home", zones: tuple[str, ...] = ("forehead", "cheeks"),
            needle_mm: float | None = 0.5, device_id: str | None = None, serum: str | None = None) -> LoggedSession:
    """A session on day `n`, at home with a 0.5 mm needle unless told otherwise."""
    return LoggedSession(day(n), setting, zones, needle_mm, device_id, serum=serum)


def device(id_: str = "roller", *, kind: str = "dermaroller", needle_mm: float | None = 0.5,
           first_used: int | None = None, uses_before: int = 0, sanitised: int | None = None,
           retired: int | None = None) -> LoggedDevice:
    """A device; the date fields are day numbers."""
    return LoggedDevice(id_, kind, needle_mm, _day(first_used), uses_before, _day(sanitised), _day(retired))


def reaction(n: int, symptom: str, severity: int = 2, *, after: int | None = None) -> LoggedReaction:
    """A reaction on day `n`, following the session of day `after` (None: the latest one before)."""
    return LoggedReaction(day(n), symptom, severity, _day(after))


def _day(n: int | None) -> date | None:
    return None if n is None else day(n)


def alerts(kind: AlertKind, sessions: Sequence[LoggedSession] = (), devices: Sequence[LoggedDevice] = (),
           reactions: Sequence[LoggedReaction] = (), *, today: int = 0, planned: Sequence[int] = ()) -> list[Alert]:
    """The alerts of one kind that a review of this diary gives on day `today`."""
    found = review(sessions, devices, reactions, KB, day(today), [day(p) for p in planned])
    return [a for a in found if a.kind == kind]
