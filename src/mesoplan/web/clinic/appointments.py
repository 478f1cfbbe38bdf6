"""Booking clients in the clinic's calendar: the rules, apart from any page.

Every booking (one appointment, a plan's sessions in one step, a reschedule) asks the gate
(`application.gate`, action "book") about the session on its day, and refuses what it
blocks (a wait still running, an open red flag), with the gate's reasons and sources. A
practitioner is never booked twice at once, and a location with opening hours is booked
only inside them. Several bookings asked together are stored all or none.

**Where messages hook in.** Every change a client should hear about sends the signal
`appointment_changed` (change "booked", "rescheduled" or "cancelled"; `previous_start` for
a reschedule; a booking step is one signal, its rows in `appointments`) inside the transaction
that stores it, so a receiver that queues or cancels reminders in the outbox commits or rolls
back with the booking itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from mesoplan.application import gate
from mesoplan.core.gate import Finding, ProposedSession
from mesoplan.errors import IntakeError
from mesoplan.web.clinic import access, audit, gate_store
from mesoplan.web.clinic.clients import display_name
from mesoplan.web.clinic.errors import BookingRefusedError
from mesoplan.web.clinic.models import Appointment, Client, Location, Membership
from mesoplan.web.clinic.models.appointments import (
    ACTIVE,
    ARRIVED,
    BOOKED,
    CANCELLED,
    DONE,
    MAX_MINUTES,
    NO_SHOW,
    STATUS_CHOICES,
)
from mesoplan.web.front.display import long_date

PEOPLE = gate_store.ClinicPeople()
BOOKABLE_AHEAD = timedelta(days=5 * 365)  # a typing slip (year 9999), not a plan: a course lasts about a year

# Sent with sender=Appointment, appointment=…, change="booked" | "rescheduled" | "cancelled", and
# previous_start (a reschedule's old start, else None), inside the storing transaction. A booking
# step sends it once, with every row it stored in `appointments` (`appointment` is the last).
appointment_changed = Signal()

# status → the statuses it may go to; done, no-show and cancelled are final
NEXT_STATUSES: dict[str, tuple[str, ...]] = {BOOKED: (ARRIVED, NO_SHOW, CANCELLED), ARRIVED: (DONE, NO_SHOW, CANCELLED)}


@dataclass(frozen=True)
class Slot:
    """When, with whom and where one appointment is asked for."""

    start: datetime
    minutes: int
    practitioner: Any
    location: Location

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.minutes)


@dataclass(frozen=True)
class Wanted:
    """One booking asked for: a slot, and the planned session it books (by its day), if any."""

    slot: Slot
    planned_date: date | None = None
    zones: tuple[str, ...] | None = None  # the planned session's zones; None: the intake's


@dataclass(frozen=True)
class Refusal:
    """Why one booking asked for cannot be made: plain problems, and the gate's findings."""

    index: int
    wanted: Wanted
    problems: tuple[str, ...]
    findings: tuple[Finding, ...] = ()


def book(client: Client, wanted: Sequence[Wanted], user: Any, now: datetime | None = None) -> list[Appointment]:
    """Book one or more appointments of a client, all or none.

    Raises:
        BookingRefusedError: at least one cannot be booked; its refusals say why. Nothing is stored.
    """
    now = now or timezone.now()
    with transaction.atomic():
        _lock_practitioners(client, wanted)
        refusals = [r for i, w in enumerate(wanted) if (r := refusal(client, i, w, wanted[:i], now)) is not None]
        if refusals:
            raise BookingRefusedError(tuple(refusals))
        rows = [Appointment.objects.create(
            client=client, practitioner=w.slot.practitioner, location=w.slot.location, start=w.slot.start,
            minutes=w.slot.minutes, zones=list(_zones(client, w)), planned_date=w.planned_date, booked_by=user)
            for w in wanted]
        for row in rows:
            audit.record(user, "create", client=client, detail=f"appointment of {_day(row.start).isoformat()}")
        # once for the whole step: the client's messages are made again once, however many sessions
        if rows:
            appointment_changed.send(Appointment, appointment=rows[-1], appointments=tuple(rows), change="booked",
                                     previous_start=None)
    return rows


def reschedule(appointment: Appointment, slot: Slot, user: Any, now: datetime | None = None) -> Appointment:
    """Move a booked appointment (to another time, practitioner or place): the gate is asked again.

    Raises:
        BookingRefusedError: the new slot cannot be booked; nothing changes.
    """
    now = now or timezone.now()
    client = appointment.client
    if appointment.status != BOOKED:
        raise BookingRefusedError((Refusal(0, Wanted(slot), (_("Only a booked appointment can be moved."),)),))
    wanted = Wanted(slot, appointment.planned_date, tuple(appointment.zones) or None)
    with transaction.atomic():
        _lock_practitioners(client, [wanted])
        found = refusal(client, 0, wanted, (), now, moving=appointment.pk)
        if found is not None:
            raise BookingRefusedError((found,))
        previous = appointment.start
        appointment.start, appointment.minutes = slot.start, slot.minutes
        appointment.practitioner, appointment.location = slot.practitioner, slot.location
        appointment.save()
        audit.record(user, "change", client=client,
                     detail=f"appointment moved from {_day(previous).isoformat()} to {_day(slot.start).isoformat()}")
        appointment_changed.send(Appointment, appointment=appointment, change="rescheduled", previous_start=previous)
    return appointment


def set_status(appointment: Appointment, status: str, user: Any) -> Appointment:
    """Mark an appointment arrived, done, no-show or cancelled.

    Raises:
        BookingRefusedError: the change is not one its status allows (a cancelled one stays so).
    """
    if status not in NEXT_STATUSES.get(appointment.status, ()):
        raise BookingRefusedError((Refusal(0, Wanted(_slot_of(appointment)), (
            _("An appointment that is %(now)s cannot become %(next)s.") % {
                "now": appointment.get_status_display(), "next": dict(STATUS_CHOICES).get(status, status)},)),))
    with transaction.atomic():
        appointment.status = status
        appointment.save(update_fields=["status", "updated_at"])
        audit.record(user, "change", client=appointment.client,
                     detail=f"appointment of {_day(appointment.start).isoformat()}: {status}")
        if status == CANCELLED:
            appointment_changed.send(Appointment, appointment=appointment, change="cancelled", previous_start=None)
    return appointment


def charted(appointment: Appointment, session: Any) -> None:
    """Link the session charted from this appointment to it (once), so each opens the other."""
    Appointment.objects.filter(pk=appointment.pk, session__isnull=True).update(session=session)


def refusal(client: Client, index: int, wanted: Wanted, before: Sequence[Wanted], now: datetime,
            moving: int | None = None) -> Refusal | None:
    """What stands in the way of one booking: its time, the practitioner's other bookings (stored, and
    the ones asked before it in the same step), the location's hours, then the gate."""
    slot, problems = wanted.slot, []
    if slot.start < now:
        return Refusal(index, wanted, (_("This time has passed: book from now on."),))
    if slot.start > now + BOOKABLE_AHEAD:
        return Refusal(index, wanted, (_("This is too far ahead: book at most five years from now."),))
    day = _day(slot.start)
    if wanted.planned_date is not None and day < wanted.planned_date:
        problems.append(_("The plan has this session on %(day)s: book it on that day or later.") % {
            "day": long_date(wanted.planned_date)})
    if not Membership.objects.filter(user=slot.practitioner, organisation_id=client.organisation_id,
                                     role__in=access.CLINICAL).exists():
        problems.append(_("Choose a practitioner of this clinic."))
    if slot.location.organisation_id != client.organisation_id:
        problems.append(_("Choose a location of this clinic."))
    problems += _clashes(slot, before, moving)
    problems += _outside_hours(slot)
    findings: tuple[Finding, ...] = ()
    try:
        found = gate.answer_for(PEOPLE, client.pk, ProposedSession("book", day, _zones(client, wanted)))
        findings = found.blocks
    except IntakeError as error:
        problems.append(f"{error.field}: {error.problem}")
    if not problems and not findings:
        return None
    return Refusal(index, wanted, tuple(problems), findings)


def _clashes(slot: Slot, before: Sequence[Wanted], moving: int | None) -> list[str]:
    taken = (Appointment.objects.filter(practitioner=slot.practitioner, status__in=ACTIVE, start__lt=slot.end,
                                        start__gte=slot.start - timedelta(minutes=MAX_MINUTES))
             .exclude(pk=moving or 0).select_related("client"))
    problems = [_("%(name)s already has an appointment from %(start)s to %(end)s.") % {
        "name": display_name(slot.practitioner), "start": _clock(a.start), "end": _clock(a.end)}
        for a in taken if a.end > slot.start]
    problems += [_("%(name)s would be booked twice: this time overlaps another session booked in this step.") % {
        "name": display_name(slot.practitioner)}
        for w in before if w.slot.practitioner.pk == slot.practitioner.pk
        and w.slot.start < slot.end and slot.start < w.slot.end]
    return problems


def _outside_hours(slot: Slot) -> list[str]:
    hours = {h.weekday: h for h in slot.location.opening_hours.all()}
    if not hours:
        return []  # a location whose hours were never set takes bookings at any time
    start, end = timezone.localtime(slot.start), timezone.localtime(slot.end)
    today = hours.get(start.weekday())
    if today is None:
        return [_("%(place)s is closed on that day.") % {"place": slot.location.name}]
    if start.time() < today.opens or end.date() != start.date() or end.time() > today.closes:
        return [_("%(place)s is open from %(opens)s to %(closes)s on that day.") % {
            "place": slot.location.name, "opens": today.opens.strftime("%H:%M"),
            "closes": today.closes.strftime("%H:%M")}]
    return []


def _lock_practitioners(client: Client, wanted: Sequence[Wanted]) -> None:
    """Hold the practitioners' memberships until the transaction ends, so that two bookings made at
    the same moment cannot both take one practitioner's time (PostgreSQL; SQLite writes one at a time)."""
    ids = sorted({w.slot.practitioner.pk for w in wanted})
    list(Membership.objects.select_for_update().filter(user_id__in=ids, organisation_id=client.organisation_id))


def _zones(client: Client, wanted: Wanted) -> tuple[str, ...]:
    if wanted.zones:
        return tuple(wanted.zones)
    return tuple(client.intake.get("zones") or ())


def _slot_of(appointment: Appointment) -> Slot:
    return Slot(appointment.start, appointment.minutes, appointment.practitioner, appointment.location)


def _day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def _clock(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M")
