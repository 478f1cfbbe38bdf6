"""The outbox in this process: queued once per (recipient, kind, day), sent when due, never twice,
replaced rows cancelled, failures retried then given up, SMS through the console sender."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.core import mail

from mesoplan.web.outbox import clock, jobs, sending
from mesoplan.web.outbox.models import CANCELLED, FAILED, QUEUED, SENT, Message
from mesoplan.web.outbox.queueing import Draft, cancel, queue, reschedule

pytestmark = pytest.mark.django_db

MONDAY = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)


def draft(day: date = date(2027, 1, 5), kind: str = "test.reminder", **fields: Any) -> Draft:
    values: dict[str, Any] = {"due_at": datetime.combine(day, datetime.min.time(), UTC) - timedelta(hours=6),
                              "address": "ana@example.org", "subject": f"About {day}", "body": "Hello",
                              "language": "fr"}
    return Draft(kind=kind, about=day, **{**values, **fields})


def test_a_message_leaves_only_once_it_is_due_and_by_email() -> None:
    queue("user:1", draft())
    assert sending.send_due(MONDAY).sent == 0 and mail.outbox == []

    report = sending.send_due(MONDAY + timedelta(hours=12))
    assert report.sent == 1
    assert [(m.to, m.subject, m.body) for m in mail.outbox] == [(["ana@example.org"], "About 2027-01-05", "Hello")]
    row = Message.objects.get()
    assert (row.status, row.attempts, row.language) == (SENT, 1, "fr")


def test_the_same_recipient_kind_and_day_is_never_sent_twice() -> None:
    queue("user:1", draft())
    sending.send_due(MONDAY + timedelta(days=1))
    queue("user:1", draft(body="Hello again"))
    sending.send_due(MONDAY + timedelta(days=1))
    assert len(mail.outbox) == 1 and Message.objects.count() == 1
    assert Message.objects.get().body == "Hello"


def test_queuing_again_while_it_waits_updates_the_one_row() -> None:
    queue("user:1", draft())
    queue("user:1", draft(body="Changed", address="new@example.org"))
    sending.send_due(MONDAY + timedelta(days=1))
    assert [(m.to, m.body) for m in mail.outbox] == [(["new@example.org"], "Changed")]


def test_a_reschedule_cancels_the_queued_messages_it_replaces_and_only_those() -> None:
    queue("user:1", draft(date(2027, 1, 5)))
    queue("user:1", draft(date(2027, 1, 6)))
    queue("user:1", draft(date(2027, 1, 6), kind="other.kind"))
    queue("user:2", draft(date(2027, 1, 6)))

    reschedule("user:1", ["test.reminder"], [draft(date(2027, 1, 6)), draft(date(2027, 1, 9))])

    statuses = {(m.recipient, m.kind, m.about.isoformat()): m.status for m in Message.objects.all()}
    assert statuses == {("user:1", "test.reminder", "2027-01-05"): CANCELLED,
                        ("user:1", "test.reminder", "2027-01-06"): QUEUED,
                        ("user:1", "test.reminder", "2027-01-09"): QUEUED,
                        ("user:1", "other.kind", "2027-01-06"): QUEUED,
                        ("user:2", "test.reminder", "2027-01-06"): QUEUED}


def test_a_cancelled_day_queued_again_is_sent() -> None:
    queue("user:1", draft())
    assert cancel("user:1", ["test.reminder"]) == 1
    queue("user:1", draft())
    assert sending.send_due(MONDAY + timedelta(days=1)).sent == 1


def test_a_message_whose_day_has_passed_is_cancelled_not_sent() -> None:
    queue("user:1", draft(date(2027, 1, 5)))
    report = sending.send_due(datetime(2027, 1, 7, 9, 0, tzinfo=UTC))
    assert (report.sent, report.too_late) == (0, 1)
    assert Message.objects.get().status == CANCELLED and mail.outbox == []


class RefusingBackend:
    def __init__(self, **kwargs: Any) -> None:
        pass

    def send_messages(self, messages: Any) -> int:
        raise ConnectionRefusedError("the mail server is down")


def test_a_failed_send_is_tried_again_later_then_given_up(settings: Any) -> None:
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    queue("user:1", draft(date(2027, 1, 20)))
    now = Message.objects.get().due_at
    assert sending.send_due(now).retrying == 1
    row = Message.objects.get()
    assert (row.status, row.attempts, row.due_at > now) == (QUEUED, 1, True)
    assert "the mail server is down" in row.error
    for _ in range(2):
        now = Message.objects.get().due_at
        sending.send_due(now)
    row = Message.objects.get()
    assert (row.status, row.attempts) == (FAILED, 3)


def test_a_message_a_killed_worker_was_sending_is_marked_failed_never_sent_again() -> None:
    queue("user:1", draft())
    Message.objects.update(claimed_at=MONDAY, attempts=1)  # claimed, then the worker died

    assert jobs.start() == 1
    sending.send_due(MONDAY + timedelta(days=1))
    row = Message.objects.get()
    assert row.status == FAILED and "never sent twice" in row.error and mail.outbox == []
    queue("user:1", draft())  # queued again by a plan: it may have left, so it stays as it is
    sending.send_due(MONDAY + timedelta(days=1))
    assert mail.outbox == []


def test_an_sms_goes_through_the_console_sender(capsys: pytest.CaptureFixture[str]) -> None:
    queue("client:7", draft(channel="sms", address="+33 6 12 34 56 78", body="Rendez-vous demain"))
    sending.send_due(MONDAY + timedelta(days=1))
    assert "SMS to +33 6 12 34 56 78:\nRendez-vous demain" in capsys.readouterr().out
    assert Message.objects.get().status == SENT


def test_the_clock_is_the_fixed_moment_of_the_setting(settings: Any) -> None:
    settings.MESOPLAN_FIXED_NOW = "2027-01-04T18:00:00+00:00"
    assert clock.now() == datetime(2027, 1, 4, 18, 0, tzinfo=UTC)
    assert clock.today() == date(2027, 1, 4)
    settings.MESOPLAN_FIXED_NOW = ""
    assert clock.now().year >= 2026


def test_one_periodic_run_waits_in_the_queue_however_often_a_worker_starts() -> None:
    from django_tasks_db.models import DBTaskResult

    jobs.start()
    jobs.start()
    assert DBTaskResult.objects.filter(task_path=jobs.send_outbox.module_path, status="READY").count() == 1
