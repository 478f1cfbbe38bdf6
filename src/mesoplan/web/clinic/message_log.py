"""The messages the outbox holds for one client, as their page lists them (the log of issue 14).

Only what a member of staff needs to answer "did she get the reminder?": the kind, the day it is
about, when it is (or was) due, its status and language. Not the text: preparation and aftercare
name the client's plan, and the front desk sees the list too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from mesoplan.web.clinic import care_messages, client_messages, previsit_links
from mesoplan.web.clinic.models import Client
from mesoplan.web.outbox.models import CANCELLED, EMAIL, FAILED, QUEUED, SENT, SMS, Message

SHOWN = 10  # on the client's page; the rest on the log's own pages

KIND_NAMES = {
    client_messages.BOOKED_NOTE: _("Confirmation"),
    client_messages.MOVED_NOTE: _("Change of time"),
    client_messages.REMINDER: _("Reminder"),
    care_messages.PREP: _("Preparation"),
    care_messages.AFTERCARE: _("Aftercare"),
    client_messages.CANCELLED_NOTE: _("Cancellation"),
    previsit_links.KIND: _("Link to the intake"),
}
STATUS_NAMES = {QUEUED: _("waiting"), SENT: _("sent"), FAILED: _("failed"), CANCELLED: _("not sent")}
CHANNEL_NAMES = {EMAIL: _("email"), SMS: _("text message")}
LANGUAGE_NAMES = {"en": _("English"), "ru": _("Russian"), "fr": _("French")}


@dataclass(frozen=True)
class LoggedMessage:
    kind: str
    kind_name: str
    about: date
    due_at: datetime
    status: str
    status_name: str
    language: str
    channel: str
    sent_at: datetime | None


def messages_of(client: Client) -> QuerySet[Message]:
    """The client's messages, newest first (the latest due at the top), in one query however sliced."""
    return (Message.objects.filter(recipient=client_messages.recipient(client))
            .only("kind", "about", "due_at", "status", "language", "channel", "sent_at")
            .order_by("-due_at", "-id"))


def view(row: Message) -> LoggedMessage:
    def name(names: dict[str, Any], value: str) -> str:
        return str(names.get(value, value))

    return LoggedMessage(kind=row.kind, kind_name=name(KIND_NAMES, row.kind), about=row.about, due_at=row.due_at,
                         status=row.status, status_name=name(STATUS_NAMES, row.status),
                         language=name(LANGUAGE_NAMES, row.language), channel=name(CHANNEL_NAMES, row.channel),
                         sent_at=row.sent_at)


def latest(client: Client, shown: int = SHOWN) -> tuple[list[LoggedMessage], bool]:
    """The newest `shown` messages and whether there are more (one query: one row more is read)."""
    rows = list(messages_of(client)[: shown + 1])
    return [view(r) for r in rows[:shown]], len(rows) > shown
