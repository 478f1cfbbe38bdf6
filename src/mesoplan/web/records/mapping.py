"""Django rows ↔ the core's diary values (`mesoplan.core.tracking`).

The diary's clinical reading (alerts, the timeline) is done only by
`tracking.review` and `tracking.timeline` on these values; the rows just hold
what the person logged.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from mesoplan.core.tracking import LoggedDevice, LoggedReaction, LoggedSession
from mesoplan.web.records.models import Device, Reaction, SavedPlan, Session


def _mm(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def device_key(device_id: int) -> str:
    """The id a device has among the core values (the core's ids are strings)."""
    return str(device_id)


def logged_session(row: Session) -> LoggedSession:
    return LoggedSession(
        date=row.date,
        setting="clinic" if row.setting == "clinic" else "home",
        zones=tuple(row.zones),
        needle_mm=_mm(row.needle_mm),
        device_id=device_key(row.device_id) if row.device_id is not None else None,
        passes=row.passes,
        serum=row.serum or None,
    )


def logged_device(row: Device) -> LoggedDevice:
    return LoggedDevice(
        id=device_key(row.pk),
        kind=row.kind,
        needle_mm=_mm(row.needle_mm),
        first_used=row.first_used,
        uses_before=row.uses_before,
        last_sanitised=row.last_sanitised,
        retired_on=row.retired_on,
    )


def logged_reaction(row: Reaction) -> LoggedReaction:
    return LoggedReaction(
        date=row.date,
        symptom=row.symptom,
        severity=row.severity,
        session_date=row.session.date if row.session is not None else None,
    )


def planned_sessions(plan: SavedPlan | None) -> list[tuple[date, str, tuple[str, ...]]]:
    """The sessions of a saved plan as (date, setting, zones), for the timeline and the review."""
    if plan is None:
        return []
    setting = str(plan.plan.get("screening", {}).get("setting", "home"))
    planned = []
    for event in plan.plan.get("events", []):
        if event.get("kind") in ("session", "maintenance"):  # every needling the plan schedules
            planned.append((date.fromisoformat(event["date"]), setting, tuple(event.get("zones") or ())))
    return planned


def diary_values(user: Any) -> tuple[list[LoggedSession], list[LoggedDevice], list[LoggedReaction]]:
    """One person's whole diary as core values."""
    sessions = [logged_session(s) for s in Session.objects.owned_by(user)]
    devices = [logged_device(d) for d in Device.objects.owned_by(user)]
    reactions = [logged_reaction(r) for r in Reaction.objects.owned_by(user).select_related("session")]
    return sessions, devices, reactions

