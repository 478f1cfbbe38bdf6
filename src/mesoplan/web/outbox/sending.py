"""Sending what is due, one message at a time, each in its own short transactions.

For each message: claim it (commit), send it, record the outcome (commit). A worker killed
between the two commits leaves a claimed row; the next worker marks it failed rather than
sending it again (`give_up_interrupted`): a message may be lost in that instant, never doubled.
A send that raised did not leave, so it is tried again later, up to `MAX_ATTEMPTS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from mesoplan.web.outbox import sms
from mesoplan.web.outbox.models import CANCELLED, EMAIL, FAILED, QUEUED, SENT, Message

MAX_ATTEMPTS = 3
RETRY_AFTER = timedelta(minutes=10)


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    retrying: int = 0
    too_late: int = 0

    def as_data(self) -> dict[str, int]:
        return {"sent": self.sent, "failed": self.failed, "retrying": self.retrying, "too_late": self.too_late}


def give_up_interrupted() -> int:
    """Mark failed the messages a stopped worker was sending (called as a worker starts: one per
    installation, so a claimed row then is nobody's). They may have left: not sent again."""
    return Message.objects.filter(status=QUEUED).exclude(claimed_at=None).update(
        status=FAILED, error="interrupted while sending; not sent again so that it is never sent twice")


def send_due(now: datetime, limit: int = 200) -> SendReport:
    """Send the messages due at `now` (at most `limit`, oldest due first)."""
    report = SendReport()
    today = timezone.localdate(now)
    due = list(Message.objects.filter(status=QUEUED, claimed_at=None, due_at__lte=now)
               .order_by("due_at", "id").values_list("pk", flat=True)[:limit])
    for pk in due:
        _send_one(pk, now, today, report)
    return report


def _send_one(pk: int, now: datetime, today: object, report: SendReport) -> None:
    with transaction.atomic():
        row = Message.objects.select_for_update().filter(pk=pk, status=QUEUED, claimed_at=None).first()
        if row is None:
            return  # cancelled or taken meanwhile
        if row.about < today:  # type: ignore[operator]
            Message.objects.filter(pk=pk).update(status=CANCELLED, error="too late: its day has passed")
            report.too_late += 1
            return
        Message.objects.filter(pk=pk).update(claimed_at=timezone.now(), attempts=F("attempts") + 1)
    try:
        _deliver(row)
    except Exception as error:
        attempts = row.attempts + 1
        failed = attempts >= MAX_ATTEMPTS
        Message.objects.filter(pk=pk).update(
            status=FAILED if failed else QUEUED, claimed_at=None, error=f"{type(error).__name__}: {error}"[:300],
            due_at=row.due_at if failed else now + RETRY_AFTER * attempts)
        if failed:
            report.failed += 1
        else:
            report.retrying += 1
        return
    Message.objects.filter(pk=pk).update(status=SENT, sent_at=now, error="")
    report.sent += 1


def _deliver(row: Message) -> None:
    if row.channel == EMAIL:
        EmailMessage(subject=row.subject, body=row.body, from_email=settings.DEFAULT_FROM_EMAIL,
                     to=[row.address], headers=dict(row.headers)).send(fail_silently=False)
    else:
        sms.sender().send(row.address, row.body)
