"""A reminder arrives: a real worker process at a fixed clock sends it to a real SMTP server on
127.0.0.1, in the person's language; after the person follows the link to stop, nothing more is sent.
Needs committed data (`transaction=True`)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from home_builders import FIRST_SESSION, SECOND_SESSION, planned, reminded

from mesoplan.web.outbox.models import CANCELLED, SENT, Message
from worker_env import Mailbox, start_worker, stop, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_session_reminder_arrives_and_after_unsubscribing_nothing_more_is_sent(
        worker_env: dict[str, str], mailbox: Mailbox, client: Client) -> None:
    ana = reminded(language="fr", prep=False, sessions=True)
    planned(ana)
    first = Message.objects.get(kind="home.session", about=FIRST_SESSION)

    worker = start_worker({**worker_env, "MESOPLAN_FIXED_NOW": "2027-01-11T18:05:00+00:00"})
    wait_for(lambda: Message.objects.filter(pk=first.pk, status=SENT).exists(), worker)
    stop(worker)

    [email] = mailbox.received
    assert (email["To"], email["Subject"]) == ("ana@example.org", "mesoplan\u00a0: votre séance du 12 janvier 2027")
    text = email.get_content()
    assert "Pour rappel\u00a0: votre séance est prévue le 12 janvier 2027." in text
    assert "Séance 1 sur 8" in text
    link = re.search(r"http://[^/\s]+(/me/reminders/stop/\S+/)", text)
    assert link is not None and str(email["List-Unsubscribe"]).strip() == f"<{link.group(0)}>"

    assert client.post(link.group(1)).status_code == 200  # no login: the link is enough
    assert Message.objects.get(kind="home.session", about=SECOND_SESSION).status == CANCELLED

    looks_before = _outbox_runs()
    worker = start_worker({**worker_env, "MESOPLAN_FIXED_NOW": "2027-01-18T18:05:00+00:00"})
    wait_for(lambda: _outbox_runs() > looks_before, worker)  # it looked at the outbox when the 2nd was due
    stop(worker)
    assert len(mailbox.received) == 1
    assert not Message.objects.filter(status__in=["queued", "sent"]).exclude(pk=first.pk).exists()


def _outbox_runs() -> int:
    """How many looks at the outbox the workers finished."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(status="SUCCESSFUL", task_path__endswith="send_outbox").count()
