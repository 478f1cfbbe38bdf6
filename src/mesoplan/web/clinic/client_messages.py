"""Messages to a clinic's clients about their appointments, through the outbox (docs/outbox.md).

Decisions item 2: a clinic's clients get appointment messages unless they opt out, and nothing
else. Kinds (one row per client, kind and day):

- `clinic.booked`: the confirmation, as soon as a booking is made (`clinic.moved` for a move);
- `clinic.updated`: the day's appointments as they now stand, when the day's confirmation had
  already left before another appointment was booked or moved to that day;
- `clinic.reminder`: the evening before the appointments (`MESOPLAN_REMINDER_HOUR`, local time);
- `clinic.cancelled`: a short note when an appointment the client heard of is cancelled.

Each of these is about a day, not an appointment: it lists all the client's appointments of that day,
and is written again while it waits whenever one of them is booked, moved or cancelled. So two
appointments on one day make one confirmation and one reminder naming both, never two and never one.

Email when the client has an address, else SMS when they have a phone; in the client's language
(`Client.language`, else the site's). The reminders are the set `requeue` makes from the client's
booked appointments, queued again whenever the appointments or the client change: the outbox
cancels those the new set no longer has. A booking the gate would no longer take (the client's
earliest start moved past it, a stop, an open red flag) gets no reminder: the clinic must rebook.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from mesoplan import i18n
from mesoplan.application import gate
from mesoplan.core.gate import ProposedSession
from mesoplan.errors import IntakeError
from mesoplan.web.clinic import care_messages, gate_store
from mesoplan.web.clinic.models import Appointment, Client
from mesoplan.web.clinic.models.appointments import ACTIVE, BOOKED
from mesoplan.web.clinic.models.appointments import CANCELLED as CANCELLED_APPOINTMENT
from mesoplan.web.front.display import long_date
from mesoplan.web.outbox import clock
from mesoplan.web.outbox.models import CANCELLED, EMAIL, FAILED, QUEUED, SENT, SMS, Message
from mesoplan.web.outbox.queueing import Draft, cancel, queue, reschedule

BOOKED_NOTE, MOVED_NOTE, UPDATED_NOTE = "clinic.booked", "clinic.moved", "clinic.updated"
REMINDER, CANCELLED_NOTE = "clinic.reminder", "clinic.cancelled"
NOTES = (BOOKED_NOTE, MOVED_NOTE, UPDATED_NOTE)  # "your appointments of that day": one of them per day at a time
SCHEDULED = (REMINDER, care_messages.PREP, care_messages.AFTERCARE)  # the kinds `requeue` makes again as a whole
KINDS = (*NOTES, *SCHEDULED, CANCELLED_NOTE)
PEOPLE = gate_store.ClinicPeople()
TOKEN_SALT = "mesoplan.clinic.messages.stop"


def recipient(client: Client) -> str:
    return f"client:{client.pk}"


def language_of(client: Client) -> str:
    """The client's saved language, else the site's (decisions item 5)."""
    return client.language or settings.LANGUAGE_CODE


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Django's translations and mesoplan's own (dates, numbers) in `language` for the block."""
    token = i18n.activate(language)
    try:
        with translation.override(language):
            yield
    finally:
        i18n.deactivate(token)


@dataclass(frozen=True)
class Channel:
    """Where a client's messages go: an email address, else a phone for SMS."""

    kind: str
    address: str


def channel_of(client: Client) -> Channel | None:
    """Email when the client has an address, SMS when they have only a phone; None: nothing is sent,
    """
    if client.messages_opt_out:
        return None
    if client.email:
        return Channel(EMAIL, client.email)
    if client.phone:
        return Channel(SMS, client.phone)
    return None


def day_of(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def evening_before(day: date) -> datetime:
    """When a message about `day` leaves: the evening before, at `MESOPLAN_REMINDER_HOUR` local time."""
    hour = int(getattr(settings, "MESOPLAN_REMINDER_HOUR", 18))
    return timezone.make_aware(datetime.combine(day - timedelta(days=1), time(hour)))


def _place(appointment: Appointment) -> str:
    location = appointment.location
    return ", ".join(p for p in (location.name, location.address) if p)


def _clock(appointment: Appointment) -> str:
    return formats.time_format(timezone.localtime(appointment.start).time(), "H:i")


def _when(appointment: Appointment, visits: Sequence[Appointment], cancelled: Sequence[Appointment]) -> dict[str, Any]:
    """The appointment's day and time as the active language writes them, and where; the day's other
    appointments (`visits`, each its time and place) and those cancelled, for a message about the day."""
    start = timezone.localtime(appointment.start)
    return {"day": long_date(start.date()), "time": _clock(appointment),
            "clinic": appointment.client.organisation.name, "place": _place(appointment),
            "visits": [{"time": _clock(v), "place": _place(v)} for v in visits], "several": len(visits) > 1,
            "times": ", ".join(_clock(v) for v in visits),
            "cancelled_times": ", ".join(_clock(c) for c in cancelled) or _clock(appointment)}


def _draft(client: Client, channel: Channel, kind: str, about: date, due: datetime,
           appointment: Appointment, steps: tuple[tuple[str, tuple[str, ...]], ...] = (),
           visits: Sequence[Appointment] = (), cancelled: Sequence[Appointment] = ()) -> Draft:
    """One message of `kind` about an appointment (and the day's others, `visits`), in the client's language."""
    language = language_of(client)
    visits = visits or (appointment,)
    with speaking(language):
        context = {**_when(appointment, visits, cancelled), "kind": kind.split(".")[1], "name": client.name,
                   "step_day": long_date(about), "stop_url": stop_url(client),
                   # a text message lists the steps in one sentence: their own full stops go
                   "steps": tuple((t.rstrip("."), lines) for t, lines in steps) if channel.kind == SMS else steps}
        several = context["several"] and kind in SEVERAL_SUBJECTS
        subject = (SEVERAL_SUBJECTS[kind] if several else SUBJECTS[kind])() % context
        template = "clinic/messages/{}{}.txt".format("care" if steps else "appointment",
                                                     "_sms" if channel.kind == SMS else "")
        body = render_to_string(template, context).strip() + "\n"
    return Draft(kind=kind, about=about, due_at=due, address=channel.address, subject=subject, body=body,
                 language=language, channel=channel.kind, headers=headers(client, channel))


SUBJECTS = {
    BOOKED_NOTE: lambda: gettext("%(clinic)s: your appointment on %(day)s at %(time)s"),
    MOVED_NOTE: lambda: gettext("%(clinic)s: your appointment has moved to %(day)s at %(time)s"),
    REMINDER: lambda: gettext("%(clinic)s: see you tomorrow, %(day)s at %(time)s"),
    care_messages.PREP: lambda: gettext("%(clinic)s: to do on %(step_day)s, before your appointment"),
    care_messages.AFTERCARE: lambda: gettext("%(clinic)s: after your session, for %(step_day)s"),
    CANCELLED_NOTE: lambda: gettext("%(clinic)s: your appointment on %(day)s is cancelled"),
    UPDATED_NOTE: lambda: gettext("%(clinic)s: your appointments on %(day)s have changed"),
}
SEVERAL_SUBJECTS = {  # a message about a day with more than one appointment
    BOOKED_NOTE: lambda: gettext("%(clinic)s: your appointments on %(day)s at %(times)s"),
    REMINDER: lambda: gettext("%(clinic)s: see you tomorrow, %(day)s, at %(times)s"),
}


def headers(client: Client, channel: Channel) -> dict[str, str]:
    """An email's one-click unsubscribe (RFC 8058): the client's stop link; nothing for a text message."""
    if channel.kind != EMAIL:
        return {}
    return {"List-Unsubscribe": f"<{stop_url(client)}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def stop_token(client: Client) -> str:
    """A token that stops every message to one client; it needs no login and never expires."""
    return signing.dumps({"c": client.pk}, salt=TOKEN_SALT, compress=True)


def read_stop_token(token: str) -> int | None:
    """The client id of a valid token, else None."""
    try:
        data = signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature:
        return None
    return data["c"] if isinstance(data, dict) and isinstance(data.get("c"), int) else None


def stop_url(client: Client) -> str:
    return settings.MESOPLAN_SITE_URL + reverse("clinic:messages_stop", args=[stop_token(client)])


def opt_out(client: Client) -> None:
    """The client wants no more messages: nothing waiting leaves, and nothing more is queued."""
    Client.objects.filter(pk=client.pk).update(messages_opt_out=True)
    client.messages_opt_out = True
    cancel(recipient(client), KINDS, reason="the client opted out")


# -- what happens to an appointment -----------------------------------------------------------


def booked(rows: Sequence[Appointment]) -> None:
    """A booking step (one appointment or a plan's sessions): the confirmation of each day it books, listing
    all the client's appointments of that day, and the client's reminders made again, once."""
    if not rows:
        return
    client = rows[0].client
    for day in sorted({day_of(a.start) for a in rows}):
        _announce(client, day, BOOKED_NOTE, focus=next(a for a in reversed(rows) if day_of(a.start) == day))
    requeue(client)


def moved(appointment: Appointment, previous_start: datetime | None) -> None:
    """A move: a note about the new day (with the day's other appointments), the old day's waiting note
    written again without it (dropped if nothing is left that day), and the reminders made again."""
    client = appointment.client
    if previous_start is not None and day_of(previous_start) != day_of(appointment.start):
        _announce(client, day_of(previous_start), None)
    _announce(client, day_of(appointment.start), MOVED_NOTE, focus=appointment)
    requeue(client)


def cancelled(appointment: Appointment) -> None:
    """A cancellation: the day's waiting note written again without it (dropped if nothing is left that
    day); a short note only to a client who was told of the day (a confirmation that had not left yet is
    simply dropped or rewritten), naming what still stands that day."""
    client = appointment.client
    day = day_of(appointment.start)
    told = Message.objects.filter(recipient=recipient(client), kind__in=NOTES, about=day, status=SENT).exists()
    _announce(client, day, None)
    requeue(client)
    channel = channel_of(client)
    if told and channel is not None and appointment.start > clock.now():
        gone = list(_of_day(client, day, CANCELLED_APPOINTMENT))  # a second one rewrites the note while it waits
        queue(recipient(client), _draft(client, channel, CANCELLED_NOTE, day, clock.now(), appointment,
                                        visits=_booked_on(client, day), cancelled=gone or [appointment]))


def _of_day(client: Client, day: date, status: str) -> QuerySet[Appointment]:
    """The client's appointments of `day` in `status` still ahead, earliest first."""
    start = timezone.make_aware(datetime.combine(day, time.min))
    return (client.appointments.filter(status=status, start__gte=start, start__lt=start + timedelta(days=1),
                                       start__gt=clock.now())
            .select_related("location", "client__organisation").order_by("start", "pk"))


def _booked_on(client: Client, day: date) -> list[Appointment]:
    return list(_of_day(client, day, BOOKED))


def _announce(client: Client, day: date, kind: str | None, focus: Appointment | None = None) -> None:
    """Tell the client of their appointments of `day` as they now stand, in one note for the day.

    A note of the day still waiting is written again (whatever its kind), so the client gets one
    listing them all; without one, a note of `kind` (None: only rewrite what waits) is queued, else an
    update (`clinic.updated`) if that kind had already left. When every note of the day has left, the
    evening-before reminder, which always lists the whole day, tells the rest. No appointment left that
    day: its waiting note is dropped."""
    visits = _booked_on(client, day)
    if not visits:
        _drop_unsent(client, NOTES, day)
        return
    notes = {m.kind: m for m in Message.objects.filter(recipient=recipient(client), kind__in=NOTES, about=day)}
    waiting = [m.kind for m in notes.values() if m.status == QUEUED and m.claimed_at is None]
    if waiting:
        kind = waiting[0]
    elif kind is not None:
        free = [k for k in (kind, UPDATED_NOTE) if k not in notes or notes[k].status in (CANCELLED, FAILED)]
        if not free:
            return  # both left already: the reminder the evening before lists the day as it stands
        kind = free[0]
    channel = channel_of(client)
    if kind is None or channel is None:
        return
    focus = focus if focus is not None and focus in visits else visits[0]
    queue(recipient(client), _draft(client, channel, kind, day, clock.now(), focus, visits=visits))


def _drop_unsent(client: Client, kinds: tuple[str, ...], day: date) -> None:
    Message.objects.filter(recipient=recipient(client), kind__in=kinds, about=day, status=QUEUED,
                           claimed_at=None).update(status=CANCELLED, error="the appointment changed")


# -- the scheduled set -------------------------------------------------------------------------


def requeue(client: Client) -> int:
    """Queue the reminders of the client's booked appointments still ahead, and cancel the queued ones
    this set no longer has (moved, cancelled, no longer allowed, opted out). How many are queued."""
    channel = channel_of(client)
    if channel is None:
        cancel(recipient(client), KINDS, reason="the client gets no messages")
        return 0
    standing = still_standing(client)
    now = clock.now()
    ahead = [a for a in standing if a.status == BOOKED and a.start > now]
    days: dict[date, list[Appointment]] = {}
    for appointment in ahead:  # one reminder a day, naming all its appointments
        days.setdefault(day_of(appointment.start), []).append(appointment)
    drafts = [d for visits in days.values() if (d := _reminder(client, channel, visits)) is not None]
    with speaking(language_of(client)):
        care = care_messages.care_days(client, standing, clock.today())
    drafts += [d for c in care if (d := _care(client, channel, c)) is not None]
    reschedule(recipient(client), SCHEDULED, drafts)
    return len(drafts)


def still_standing(client: Client) -> list[Appointment]:
    """The client's appointments from yesterday on that still stand: booked ones the gate would still
    take on their day, and those the client came to (arrived, done: their aftercare still goes)."""
    since = timezone.make_aware(datetime.combine(clock.today() - timedelta(days=1), time.min))
    rows = (client.appointments.filter(status__in=ACTIVE, start__gte=since)
            .select_related("location", "client__organisation").order_by("start"))
    return [a for a in rows if a.status != BOOKED or still_allowed(client, a)]


def still_allowed(client: Client, appointment: Appointment) -> bool:
    """Whether the booking still stands: not before the client's earliest start as last screened (the
    dashboard's "too early" flag), not a stop, and nothing the gate blocks on that day now."""
    day = day_of(appointment.start)
    if client.verdict == "stop" or (client.earliest_start is not None and day < client.earliest_start):
        return False
    zones = tuple(appointment.zones) or tuple(client.intake.get("zones") or ())
    try:
        answer = gate.answer_for(PEOPLE, client.pk, ProposedSession("book", day, zones))
    except IntakeError:
        return False
    return not answer.blocks


def _reminder(client: Client, channel: Channel, visits: list[Appointment]) -> Draft | None:
    day = day_of(visits[0].start)
    due = evening_before(day)
    if due <= clock.now() and not _waiting(client, REMINDER, day):
        return None  # booked after its reminder's time: the confirmation just told them
    return _draft(client, channel, REMINDER, day, due, visits[0], visits=visits)


def _care(client: Client, channel: Channel, care: care_messages.CareDay) -> Draft | None:
    due = evening_before(care.day)
    if due <= clock.now() and not _waiting(client, care.kind, care.day):
        return None
    return _draft(client, channel, care.kind, care.day, due, care.appointment, steps=care.steps)


def _waiting(client: Client, kind: str, day: date) -> bool:
    return Message.objects.filter(recipient=recipient(client), kind=kind, about=day, status=QUEUED).exists()
