"""Putting messages in the outbox: what every part of mesoplan that sends something calls.

    from mesoplan.web.outbox.queueing import Draft, queue, reschedule, cancel

    draft = Draft(kind="clinic.appointment", about=day, due_at=moment, address="ana@example.org",
                  subject=..., body=..., language="fr")   # the text already in the recipient's language
    queue("client:7", draft)                 # one message
    reschedule("client:7", ["clinic.appointment"], drafts)   # this set replaces the queued ones of these kinds

The same (recipient, kind, about) is one row: queued again while it waits, its text, address and
due time are updated; once sent (or being sent) it is left as it is, so nothing is sent twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction

from mesoplan.web.outbox.models import CANCELLED, EMAIL, FAILED, QUEUED, SENT, Message


@dataclass(frozen=True)
class Draft:
    """A message to queue. `about` is the day it is about (a session, a preparation step);
    `due_at` when it may leave (an aware date-time); `subject` is for email only."""

    kind: str
    about: date
    due_at: datetime
    address: str
    body: str
    language: str
    subject: str = ""
    channel: str = EMAIL
    headers: Mapping[str, str] = field(default_factory=dict)


def queue(recipient: str, draft: Draft, user: Any = None) -> Message:
    """Queue `draft` for `recipient` ("user:12", "client:7"); `user`, if given, is the account the
    message goes away with when it is deleted. Returns the row (unchanged if already sent)."""
    for _attempt in range(2):  # a second try if another process created the same row meanwhile
        try:
            with transaction.atomic():
                return _queue(recipient, draft, user)
        except IntegrityError:
            continue
    with transaction.atomic():
        return _queue(recipient, draft, user)


def _queue(recipient: str, draft: Draft, user: Any) -> Message:
    values = {"channel": draft.channel, "address": draft.address, "language": draft.language,
              "due_at": draft.due_at, "subject": draft.subject[:200], "body": draft.body,
              "headers": dict(draft.headers)}
    row = (Message.objects.select_for_update()
           .filter(recipient=recipient, kind=draft.kind, about=draft.about).first())
    if row is None:
        return Message.objects.create(recipient=recipient, kind=draft.kind, about=draft.about,
                                      user=user, status=QUEUED, **values)
    if row.status == SENT or row.claimed_at is not None:
        return row  # sent, or leaving now: never twice
    revived = {"status": QUEUED, "error": "", "attempts": 0} if row.status in (CANCELLED, FAILED) else {}
    for name, value in {**values, **revived}.items():
        setattr(row, name, value)
    row.save()
    return row


def reschedule(recipient: str, kinds: Iterable[str], drafts: Iterable[Draft], user: Any = None) -> list[Message]:
    """Queue `drafts` and cancel the recipient's queued messages of `kinds` that they do not repeat
    (a plan changed: the reminders of days no longer in it go)."""
    kinds = list(kinds)
    with transaction.atomic():
        rows = [queue(recipient, draft, user) for draft in drafts]
        keep = [row.pk for row in rows]
        (Message.objects.filter(recipient=recipient, kind__in=kinds, status=QUEUED, claimed_at=None)
         .exclude(pk__in=keep).update(status=CANCELLED, error="replaced by a new schedule"))
    return rows


def cancel(recipient: str, kinds: Iterable[str] | None = None, reason: str = "cancelled") -> int:
    """Cancel the recipient's messages still waiting (of `kinds`, or all); returns how many."""
    rows = Message.objects.filter(recipient=recipient, status=QUEUED, claimed_at=None)
    if kinds is not None:
        rows = rows.filter(kind__in=list(kinds))
    return rows.update(status=CANCELLED, error=reason[:300])
