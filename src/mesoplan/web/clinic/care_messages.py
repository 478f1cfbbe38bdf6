"""Preparation and aftercare messages of a booked session, in the client's language (docs/outbox.md).

For an appointment that books a session of the client's plan (`Appointment.planned_date`), the plan
is made again as the client page makes it (`snapshot.plan_of`) and read around that session:

- `clinic.prep`: each preparation step on its own day before the session (a pause of a supplement a
  week before, say), the evening before that day; the "get ready" of the day itself is the reminder's;
- `clinic.aftercare`: the evening of the session, what still holds the next day (the aftercare that
  lasts longer than a day) and what to watch for then (the plan's check-in of the day after).

A booking on another day than the planned one moves its steps with it: each step keeps its distance
to the session, and the dates its text names move too. One message per kind and day (the outbox's
rule): steps of two sessions that fall on one day share it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext

from mesoplan.core.plan_model import NEEDLING, Message, Plan, PlanEvent
from mesoplan.errors import IntakeError
from mesoplan.i18n import render_message
from mesoplan.web.clinic import snapshot
from mesoplan.web.clinic.models import Appointment, Client
from mesoplan.web.front.display import long_date

PREP, AFTERCARE = "clinic.prep", "clinic.aftercare"
KINDS = (PREP, AFTERCARE)
DIARY_LINE = "Write in your reaction diary how the skin looks and feels, with a photo."  # a clinic client may keep none


def plan_of(client: Client) -> Plan | None:
    """The client's plan as their page shows it; None without an intake or when it no longer reads."""
    if not client.intake:
        return None
    try:
        return snapshot.plan_of(client.intake, client.organisation_id, client.intake_taken_on, client.protocol)[0]
    except IntakeError:
        return None


def around(plan: Plan, planned: date) -> tuple[list[PlanEvent], PlanEvent | None, PlanEvent | None]:
    """The preparation steps on their own days before the session planned on `planned` (after the one
    before it), its aftercare, and its check-in of the day after."""
    needling = [e for e in plan.events if e.kind in NEEDLING]
    session = next((e for e in needling if e.date == planned), None)
    if session is None:
        return [], None, None
    before = max((e.date for e in needling if e.date < planned), default=date.min)
    number = session.key.rsplit("-", 1)[-1]
    prep = [e for e in plan.events if e.kind == "prep" and before < e.date < planned]
    aftercare = next((e for e in plan.events if e.key == f"aftercare-{number}"), None)
    check = next((e for e in plan.events if e.key == f"check-1-{number}"), None)
    return prep, aftercare, check


def _text(message: Message, shift: timedelta) -> str:
    return render_message(message, gettext, date_text=lambda day: long_date(day + shift))


def _lasting(line: Message) -> bool:
    """An aftercare line that still holds the next day: it says until when."""
    return "until" in line.params


@dataclass(frozen=True)
class CareDay:
    """One preparation or aftercare message to send: its kind, the day it is about, the appointment it
    prepares or follows, and its lines (a preparation step: its title and its details)."""

    kind: str
    day: date
    appointment: Appointment
    steps: tuple[tuple[str, tuple[str, ...]], ...]


def care_days(client: Client, appointments: Iterable[Appointment], today: date) -> list[CareDay]:
    """The preparation and aftercare messages of these appointments (already allowed by the gate), from
    today on, one per kind and day, written in the active language (the client's)."""
    appointments = [a for a in appointments if a.planned_date is not None]
    plan = plan_of(client) if appointments else None
    if plan is None:
        return []
    found: dict[tuple[str, date], tuple[Appointment, list[tuple[str, tuple[str, ...]]]]] = {}
    for appointment in appointments:
        if appointment.planned_date is None:
            continue  # a single appointment outside the plan: its care is the practitioner's to say
        day = timezone.localtime(appointment.start).date()
        shift = day - appointment.planned_date
        prep, aftercare, check = around(plan, appointment.planned_date)
        for step in prep:
            if step.date + shift >= today:
                lines = tuple(_text(d, shift) for d in step.details)
                found.setdefault((PREP, step.date + shift), (appointment, []))[1].append((_text(step.title, shift),
                                                                                          lines))
        after = [_text(d, shift) for d in (aftercare.details if aftercare else ()) if _lasting(d)]
        after += [_text(d, shift) for d in (check.details if check else ()) if d.id != DIARY_LINE]
        next_day = day + timedelta(days=1)
        if after and next_day >= today:
            found.setdefault((AFTERCARE, next_day), (appointment, []))[1].extend((line, ()) for line in after)
    return [CareDay(kind, day, appointment, tuple(dict.fromkeys(steps)))
            for (kind, day), (appointment, steps) in sorted(found.items(), key=lambda item: (item[0][1], item[0][0]))]
