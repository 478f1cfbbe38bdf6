"""Tracking: a diary of sessions, devices and reactions → alerts and one timeline.

Pure: `today` is passed in and no clock is read. The rules live in
`tracking_intervals` (spacing), `tracking_devices` (reuse, wear, cleaning) and
`tracking_reactions` (prolonged reactions, red flags); this module is the
public face that the services and the web app import.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from types import MappingProxyType
from typing import Any

from mesoplan.core.i18n import N_
from mesoplan.core.knowledge import Knowledge
from mesoplan.core.tracking_devices import device_alerts, device_uses
from mesoplan.core.tracking_diary import anchor_date, build_diary, session_key
from mesoplan.core.tracking_intervals import due, too_soon
from mesoplan.core.tracking_models import (
    LEVEL_ORDER,
    Alert,
    AlertKind,
    AlertLevel,
    LoggedDevice,
    LoggedReaction,
    LoggedSession,
    TimelineEntry,
)
from mesoplan.core.tracking_reactions import reaction_alerts

SESSION_LABELS = MappingProxyType({"home": N_("Home session"), "clinic": N_("Clinic session")})
PLANNED_LABELS = MappingProxyType({"home": N_("Planned home session"), "clinic": N_("Planned clinic session")})
PLANNED_LABEL = N_("Planned session")  # a planned setting other than home or clinic
_KIND_ORDER = MappingProxyType({"session": 0, "planned": 1, "reaction": 2})


def review(sessions: Sequence[LoggedSession], devices: Sequence[LoggedDevice],
           reactions: Sequence[LoggedReaction], knowledge: Knowledge, today: date,
           planned: Sequence[date] = ()) -> tuple[Alert, ...]:
    """Review a diary and say what needs attention.

    Args:
        sessions, devices, reactions: the diary, in any order.
        knowledge: the loaded knowledge base.
        today: the day of the review (for due dates and device age).
        planned: dates of planned sessions, if any.
    Returns:
        The alerts, urgent first, then warnings, then information, each group by
        date; the same diary in any order gives the same tuple.
    Raises:
        IntakeError: an unknown device kind, device id or symptom, a repeated
            device id, a severity outside 1–5, or a reaction before its session.
    """
    diary = build_diary(sessions, devices, reactions, knowledge)
    flags = list(reaction_alerts(diary, knowledge))
    alerts = [*flags, *too_soon(diary, knowledge), *device_alerts(diary, knowledge, today)]
    if not _open_red_flag(flags, sessions):
        # "Your next session can be on…" must not sit beside "see a doctor now":
        # after a red flag the next session waits for the doctor.
        alerts += due(diary, knowledge, today, planned)
    return tuple(sorted(alerts, key=_alert_key))


def _open_red_flag(alerts: Sequence[Alert], sessions: Sequence[LoggedSession]) -> bool:
    """A red flag logged on or after the latest session (none since has cleared it)."""
    latest = max((s.date for s in sessions), default=None)
    return any(a.kind == "red_flag" and (latest is None or a.date >= latest) for a in alerts)


def _alert_key(a: Alert) -> tuple[Any, ...]:
    params = tuple(sorted((k, repr(v)) for k, v in a.params.items()))
    return (LEVEL_ORDER[a.level], a.date, a.kind, a.message_id, a.sources, params)


def timeline(sessions: Sequence[LoggedSession], reactions: Sequence[LoggedReaction],
             planned: Sequence[tuple[date, str, tuple[str, ...]]] = ()) -> tuple[TimelineEntry, ...]:
    """Home and clinic sessions, planned sessions and reactions on one timeline, by date.

    Args:
        sessions, reactions: the diary, in any order.
        planned: planned sessions as (date, setting, zones).
    Returns:
        The entries by date; on one day sessions, then planned ones, then
        reactions. A reaction carries the zones of the session it follows.
    """
    ordered = sorted(sessions, key=session_key)
    dates = [s.date for s in ordered]
    entries = [TimelineEntry(s.date, "session", s.setting, SESSION_LABELS[s.setting], s.zones) for s in ordered]
    entries += [TimelineEntry(day, "planned", setting, PLANNED_LABELS.get(setting, PLANNED_LABEL), tuple(zones))
                for day, setting, zones in planned]
    for r in reactions:
        anchor = anchor_date(r, dates)
        zones = dict.fromkeys(z for s in ordered if s.date == anchor for z in s.zones)  # union, in order
        entries.append(TimelineEntry(r.date, "reaction", None, r.symptom, tuple(zones)))
    return tuple(sorted(entries, key=lambda e: (e.date, _KIND_ORDER[e.kind], e.setting or "", e.label, e.zones)))


__all__ = [
    "Alert",
    "AlertKind",
    "AlertLevel",
    "LoggedDevice",
    "LoggedReaction",
    "LoggedSession",
    "TimelineEntry",
    "device_uses",
    "review",
    "timeline",
]
