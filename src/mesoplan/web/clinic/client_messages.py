"""Messages to a clinic's clients about their appointments, through the outbox (docs/outbox.md).

Decisions item 2: a clinic's clients get appointment messages unless they opt out, and nothing
else. Kinds (one row per client, kind and day):

- `clinic.booked`: the confirmation, as soon as a booking is made (`clinic.moved` for a move);
- `clinic.reminder`: the evening before the appointment (`MESOPLAN_REMINDER_HOUR`, local time);
- `clinic.cancelled`: a short note when an appointment the client heard of is cancelled.

Email when the client has an address, else SMS when they have a phone; in the client's language
(`Client.language`, else the site's). The reminders are the set `requeue` makes from the client's
booked appointments, queued again whenever the appointments or the client change: the outbox
cancels those the new set no longer has. A booking the gate would no longer take (the client's
earliest start moved past it, a stop, an open red flag) gets no reminder: the clinic must rebook.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core import signing
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
from mesoplan.web.front.display import long_date
from mesoplan.web.outbox import clock
from mesoplan.web.outbox.models import CANCELLED, EMAIL, QUEUED, SENT, SMS, Message
from mesoplan.web.outbox.queueing import Draft, cancel, queue, reschedule

BOOKED_NOTE, MOVED_NOTE = "clinic.booked", "clinic.moved"
REMINDER, CANCELLED_NOTE = "clinic.reminder", "clinic.cancelled"
NOTES = (BOOKED_NOTE, MOVED_NOTE)
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


def _when(appointment: Appointment) -> dict[str, str]:
    """The appointment's day and time as the active language writes them, and where."""
    start = timezone.localtime(appointment.start)
    location = appointment.location
    place = ", ".join(p for p in (location.name, location.address) if p)
    return {"day": long_date(start.date()), "time": formats.time_format(start.time(), "H:i"),
            "clinic": appointment.client.organisation.name, "place": place}


def _draft(client: Client, channel: Channel, kind: str, about: date, due: datetime,
           appointment: Appointment, steps: tuple[tuple[str, tuple[str, ...]], ...] = ()) -> Draft:
    """One message of `kind` about an appointment, written in the client's language."""
    language = language_of(client)
    with speaking(language):
        context = {**_when(appointment), "kind": kind.split(".")[1], "name": client.name,
                   "step_day": long_date(about), "stop_url": stop_url(client),
                   # a text message lists the steps in one sentence: their own full stops go
                   "steps": tuple((t.rstrip("."), lines) for t, lines in steps) if channel.kind == SMS else steps}
        subject = SUBJECTS[kind]() % context
        template = "clinic/messages/{}{}.txt".format("care" if steps else "appointment",
                                                     "_sms" if channel.kind == SMS else "")
        body = render_to_string(template, context).strip() + "\n"
    return Draft(kind=kind, about=about, due_at=due, address=channel.address, subject=subject, body=body,
                 language=language, channel=channel.kind, headers=_headers(client, channel))


SUBJECTS = {
    BOOKED_NOTE: lambda: gettext("%(clinic)s: your appointment on %(day)s at %(time)s"),
    MOVED_NOTE: lambda: gettext("%(clinic)s: your appointment has moved to %(day)s at %(time)s"),
    REMINDER: lambda: gettext("%(clinic)s: see you tomorrow, %(day)s at %(time)s"),
    care_messages.PREP: lambda: gettext("%(clinic)s: to do on %(step_day)s, before your appointment"),
    care_messages.AFTERCARE: lambda: gettext("%(clinic)s: after your session, for %(step_day)s"),
    CANCELLED_NOTE: lambda: gettext("%(clinic)s: your appointment on %(day)s is cancelled"),
}


def _headers(client: Client, channel: Channel) -> dict[str, str]:
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


def booked(appointment: Appointment) -> None:
    """A new booking: its confirmation now, and the client's reminders made again."""
    client = appointment.client
    channel = channel_of(client)
    if channel is not None and appointment.start > clock.now():
        queue(recipient(client), _draft(client, channel, BOOKED_NOTE, day_of(appointment.start), clock.now(),
                                        appointment))
    requeue(client)


def moved(appointment: Appointment, previous_start: datetime | None) -> None:
    """A move: a note with the new day and time, the old day's notes not sent yet dropped, and the
    reminders made again (the outbox cancels the old day's reminder)."""
    client = appointment.client
    if previous_start is not None and day_of(previous_start) != day_of(appointment.start):
        _drop_unsent(client, NOTES, day_of(previous_start))
    channel = channel_of(client)
    if channel is not None and appointment.start > clock.now():
        queue(recipient(client), _draft(client, channel, MOVED_NOTE, day_of(appointment.start), clock.now(),
                                        appointment))
    requeue(client)


def cancelled(appointment: Appointment) -> None:
    """A cancellation: what was still waiting about that day goes; a short note only to a client who
    was told of the appointment (a confirmation that had not left yet is simply dropped)."""
    client = appointment.client
    day = day_of(appointment.start)
    _drop_unsent(client, NOTES, day)
    requeue(client)
    told = Message.objects.filter(recipient=recipient(client), kind__in=NOTES, about=day, status=SENT).exists()
    channel = channel_of(client)
    if told and channel is not None and appointment.start > clock.now():
        queue(recipient(client), _draft(client, channel, CANCELLED_NOTE, day, clock.now(), appointment))


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
    drafts = [d for a in ahead if (d := _reminder(client, channel, a)) is not None]
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


def _reminder(client: Client, channel: Channel, appointment: Appointment) -> Draft | None:
    day = day_of(appointment.start)
    due = evening_before(day)
    if due <= clock.now() and not _waiting(client, REMINDER, day):
        return None  # booked after its reminder's time: the confirmation just told them
    return _draft(client, channel, REMINDER, day, due, appointment)


def _care(client: Client, channel: Channel, care: care_messages.CareDay) -> Draft | None:
    due = evening_before(care.day)
    if due <= clock.now() and not _waiting(client, care.kind, care.day):
        return None
    return _draft(client, channel, care.kind, care.day, due, care.appointment, steps=care.steps)


def _waiting(client: Client, kind: str, day: date) -> bool:
    return Message.objects.filter(recipient=recipient(client), kind=kind, about=day, status=QUEUED).exists()
