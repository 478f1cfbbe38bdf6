"""The outbox sent by a real `mesoplan worker` process at a fixed clock, to a real SMTP server on
127.0.0.1; a worker killed (SIGKILL) and started again sends on, and nothing twice. Needs committed data."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from mesoplan.web.outbox.models import QUEUED, SENT, Message
from mesoplan.web.outbox.queueing import Draft, queue
from worker_env import Mailbox, start_worker, stop, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def draft(day: date, due: datetime) -> Draft:
    return Draft(kind="test.reminder", about=day, due_at=due, address="ana@example.org",
                 subject=f"Rappel du {day.isoformat()}", body="Bonjour", language="fr")


def test_the_worker_sends_what_is_due_at_its_clock_and_nothing_twice_after_a_restart(
        worker_env: dict[str, str], mailbox: Mailbox) -> None:
    due_now = queue("user:1", draft(date(2027, 1, 5), datetime(2027, 1, 4, 18, 0, tzinfo=UTC)))
    later = queue("user:1", draft(date(2027, 1, 9), datetime(2027, 1, 8, 18, 0, tzinfo=UTC)))
    env = {**worker_env, "MESOPLAN_FIXED_NOW": "2027-01-04T19:00:00+00:00"}

    worker = start_worker(env)
    wait_for(lambda: Message.objects.filter(pk=due_now.pk, status=SENT).exists(), worker)
    worker.kill()  # SIGKILL: no clean stop; its periodic run may stay "running" in the queue
    worker.wait(timeout=60)
    assert [(m["To"], m["Subject"]) for m in mailbox.received] == [("ana@example.org", "Rappel du 2027-01-05")]
    assert "Bonjour" in mailbox.received[0].get_content()
    assert Message.objects.get(pk=later.pk).status == QUEUED  # not yet due at the worker's clock

    worker = start_worker({**env, "MESOPLAN_FIXED_NOW": "2027-01-08T18:30:00+00:00"})
    wait_for(lambda: Message.objects.filter(pk=later.pk, status=SENT).exists(), worker)
    stop(worker)
    assert [m["Subject"] for m in mailbox.received] == ["Rappel du 2027-01-05", "Rappel du 2027-01-09"]
