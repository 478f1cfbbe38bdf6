"""A diary checked against the knowledge base and put in one canonical order.

Every rule reads the diary through this order, never through the order the
caller passed, so that a review cannot depend on how the lists were stored.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from mesoplan.core.i18n import N_
from mesoplan.core.knowledge import Knowledge
from mesoplan.core.tracking_models import LoggedDevice, LoggedReaction, LoggedSession
from mesoplan.errors import IntakeError

SEVERITIES = range(1, 6)


def _opt(value: Any) -> tuple[bool, Any]:
    """Sort key part for an optional value: None first, then the values in order."""
    return (value is not None, value if value is not None else 0)


def session_key(s: LoggedSession) -> tuple[Any, ...]:
    """Sessions by date, then by every other field, so the order is total."""
    return (s.date, s.setting, s.zones, _opt(s.needle_mm), _opt(s.device_id), _opt(s.passes), _opt(s.serum))


def reaction_key(r: LoggedReaction) -> tuple[Any, ...]:
    """Reactions by date, symptom, severity and the session they name."""
    return (r.date, r.symptom, r.severity, _opt(r.session_date))


def anchor_date(reaction: LoggedReaction, session_dates: Sequence[date]) -> date | None:
    """The date of the session a reaction follows: the one it names, else the latest on or before it.

    Args:
        reaction: the logged reaction.
        session_dates: the dates of all logged sessions, in ascending order.
    Returns:
        That session's date, or None when no session precedes the reaction.
    """
    if reaction.session_date is not None:
        return reaction.session_date
    i = bisect_right(session_dates, reaction.date)
    return session_dates[i - 1] if i else None


@dataclass(frozen=True, slots=True)
class Diary:
    """The sessions, devices and reactions of one person, checked and in canonical order."""

    sessions: tuple[LoggedSession, ...]
    devices: Mapping[str, LoggedDevice]  # by id, in id order
    reactions: tuple[LoggedReaction, ...]
    session_dates: tuple[date, ...]

    def needle(self, session: LoggedSession) -> float | None:
        """The needle length of a session: as logged, else its device's, else unknown."""
        if session.needle_mm is not None:
            return session.needle_mm
        device = self.devices.get(session.device_id) if session.device_id is not None else None
        return device.needle_mm if device is not None else None

    def sessions_with(self, device_id: str) -> tuple[LoggedSession, ...]:
        """The sessions that used one device, oldest first."""
        return tuple(s for s in self.sessions if s.device_id == device_id)


def build_diary(sessions: Sequence[LoggedSession], devices: Sequence[LoggedDevice],
                reactions: Sequence[LoggedReaction], knowledge: Knowledge) -> Diary:
    """Check a diary's references and values and sort it.

    Raises:
        IntakeError: naming the entry (`devices[2].kind`...) when an id is unknown,
            a device id is repeated, a severity is outside 1–5 or a reaction
            precedes the session it names.
    """
    by_id: dict[str, LoggedDevice] = {}
    for i, device in enumerate(devices):
        if device.id in by_id:
            raise IntakeError(f"devices[{i}].id", N_("device id '{value}' is used twice"),
                              params={"value": device.id})
        if device.kind not in knowledge.devices:
            raise IntakeError(f"devices[{i}].kind", N_("unknown device kind '{value}'"),
                              params={"value": device.kind})
        by_id[device.id] = device
    for i, session in enumerate(sessions):
        if session.device_id is not None and session.device_id not in by_id:
            raise IntakeError(f"sessions[{i}].device_id", N_("no device with id '{value}'"),
                              params={"value": session.device_id})
    for i, reaction in enumerate(reactions):
        if reaction.symptom not in knowledge.side_effects:
            raise IntakeError(f"reactions[{i}].symptom", N_("unknown side effect '{value}'"),
                              params={"value": reaction.symptom})
        if reaction.severity not in SEVERITIES:
            raise IntakeError(f"reactions[{i}].severity", N_("expected 1 to 5, got {value}"),
                              params={"value": reaction.severity})
        if reaction.session_date is not None and reaction.session_date > reaction.date:
            raise IntakeError(f"reactions[{i}].session_date", N_("the session must be on or before the reaction"))
    ordered = tuple(sorted(sessions, key=session_key))
    return Diary(
        sessions=ordered,
        devices={k: by_id[k] for k in sorted(by_id)},
        reactions=tuple(sorted(reactions, key=reaction_key)),
        session_dates=tuple(s.date for s in ordered),
    )
