"""Appointment messages arrive: a real worker process at a fixed clock sends them to a real SMTP server on
127.0.0.1. A booking's confirmation arrives in the client's language; a move leaves one reminder, at the new
time; a cancelled booking and a client who opted out get nothing. Needs committed data (`transaction=True`)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from clinic_builders import booked, client_of, clinic, member, today
from django.utils import timezone, translation

from mesoplan import i18n
from mesoplan.web.clinic import appointments
from mesoplan.web.outbox.models import CANCELLED, SENT, Message
from worker_env import Mailbox, mailbox, start_worker, stop, wait_for, worker_env  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db(transaction=True)


def _said(language: str, day: object) -> str:
    with translation.override(language):
        return i18n.long_date(day, language)  # type: ignore[arg-type]


def test_confirmations_in_the_clients_language_one_reminder_after_a_move_none_after_a_cancel_or_an_opt_out(
        worker_env: dict[str, str], mailbox: Mailbox) -> None:  # noqa: F811 - the fixtures
    organisation = clinic("Clinique Lumière", location="Rue des Lilas")
    dora = member(organisation, "practitioner", "dora")
    camille = client_of(organisation, "Camille Martin", by=dora, email="camille@example.org", language="fr")
    anna = client_of(organisation, "Анна Иванова", by=dora, email="anna@example.org", language="ru")
    boris = client_of(organisation, "Boris Petrov", by=dora, email="boris@example.org", language="ru")
    olga = client_of(organisation, "Olga Stop", by=dora, email="olga@example.org", messages_opt_out=True)
    day = today() + timedelta(days=3)
    visit = booked(camille, dora, day=day, at=time(10))
    booked(anna, dora, day=day, at=time(12))
    appointments.set_status(booked(boris, dora, day=day, at=time(14)), "cancelled", dora)
    booked(olga, dora, day=day, at=time(16))

    soon = (timezone.now() + timedelta(minutes=1)).isoformat()
    worker = start_worker({**worker_env, "MESOPLAN_FIXED_NOW": soon})
    wait_for(lambda: Message.objects.filter(kind="clinic.booked", status=SENT).count() == 2, worker)
    stop(worker)
    by_address = {str(m["To"]): m for m in mailbox.received}
    assert set(by_address) == {"camille@example.org", "anna@example.org"}
    french = by_address["camille@example.org"]
    assert str(french["Subject"]).strip() == f"Clinique Lumière\u00a0: votre rendez-vous du {_said('fr', day)} à 10:00"
    assert "Bonjour Camille Martin" in french.get_content() and "Rue des Lilas" in french.get_content()
    assert str(french["List-Unsubscribe"]).strip().startswith("<http://")
    russian = by_address["anna@example.org"]
    assert str(russian["Subject"]).strip() == f"Clinique Lumière: ваша запись на {_said('ru', day)}, 12:00"

    new_day = day + timedelta(days=2)
    start = timezone.make_aware(datetime.combine(new_day, time(15)))
    appointments.reschedule(visit, appointments.Slot(start, visit.minutes, dora, visit.location), dora)
    evening_before = timezone.make_aware(datetime.combine(new_day - timedelta(days=1), time(18, 5)))
    worker = start_worker({**worker_env, "MESOPLAN_FIXED_NOW": evening_before.isoformat()})
    wait_for(lambda: Message.objects.filter(kind="clinic.reminder", status=SENT).exists(), worker)
    stop(worker)

    reminders = [m for m in mailbox.received if "demain" in str(m["Subject"])]
    assert [str(m["Subject"]).strip() for m in reminders] == [
        f"Clinique Lumière\u00a0: à demain, {_said('fr', new_day)} à 15:00"]
    assert Message.objects.get(kind="clinic.reminder", about=day, recipient=f"client:{camille.pk}").status == CANCELLED
    told = sorted(str(m["To"]) for m in mailbox.received)
    # the confirmations, then Camille's move and her reminder (the clock jumped past Anna's day: hers is too late)
    assert told == ["anna@example.org", "camille@example.org", "camille@example.org", "camille@example.org"]
    assert not Message.objects.filter(recipient__in=[f"client:{boris.pk}", f"client:{olga.pk}"]).exclude(
        status=CANCELLED).exists()


def test_two_appointments_on_one_day_arrive_as_one_confirmation_one_update_and_one_reminder_naming_them_all(
        worker_env: dict[str, str], mailbox: Mailbox) -> None:  # noqa: F811 - the fixtures
    organisation = clinic("Clinique Lumière", location="Rue des Lilas")
    dora = member(organisation, "practitioner", "dora")
    camille = client_of(organisation, "Camille Martin", by=dora, email="camille@example.org", language="fr")
    day = today() + timedelta(days=3)
    booked(camille, dora, day=day, at=time(10))
    booked(camille, dora, day=day, at=time(14))

    soon = (timezone.now() + timedelta(minutes=1)).isoformat()
    worker = start_worker({**worker_env, "MESOPLAN_FIXED_NOW": soon})
    wait_for(lambda: Message.objects.filter(kind="clinic.booked", status=SENT).exists(), worker)
    stop(worker)
    booked(camille, dora, day=day, at=time(17))  # after the confirmation left: an update names the whole day
    evening_before = timezone.make_aware(datetime.combine(day - timedelta(days=1), time(18, 5)))
    worker = start_worker({**worker_env, "MESOPLAN_FIXED_NOW": evening_before.isoformat()})
    wait_for(lambda: Message.objects.filter(kind="clinic.reminder", status=SENT).exists(), worker)
    stop(worker)

    subjects = [str(m["Subject"]).strip() for m in mailbox.received]
    assert subjects == [f"Clinique Lumière\u00a0: vos rendez-vous du {_said('fr', day)} à 10:00, 14:00",
                        f"Clinique Lumière\u00a0: vos rendez-vous du {_said('fr', day)} ont changé",
                        f"Clinique Lumière\u00a0: à demain, {_said('fr', day)}, à 10:00, 14:00, 17:00"]
    assert all(t in mailbox.received[2].get_content() for t in ("10:00", "14:00", "17:00"))
