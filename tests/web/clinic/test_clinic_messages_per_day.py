"""One confirmation and one reminder per client and day, naming every appointment of that day: a second
booking on the day rewrites the note while it waits (or sends an update once it has left), a cancellation
or a move takes its appointment out of it, and booking the plan's sessions makes the messages once."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from booking_posts import peeled_client, plan_post
from clinic_builders import booked, client_of
from clinic_world import Side
from django.test import Client as Browser
from django.utils import timezone

from mesoplan.web.clinic import appointments, client_messages
from mesoplan.web.outbox.models import QUEUED, SENT, Message

pytestmark = pytest.mark.django_db


def of(row: Any, status: str = QUEUED) -> dict[tuple[str, date], Message]:
    return {(m.kind, m.about): m for m in Message.objects.filter(recipient=f"client:{row.pk}", status=status)}


def _irina(side: Side, **fields: Any) -> Any:
    return client_of(side.organisation, "Irina Petrova", by=side.practitioner, email="irina@example.org", **fields)


def _day(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


def test_two_appointments_on_one_day_make_one_confirmation_and_one_reminder_naming_both(ours: Side) -> None:
    row, day = _irina(ours), _day(3)
    booked(row, ours.practitioner, day=day, at=time(10))
    booked(row, ours.practitioner, day=day, at=time(15, 30))
    waiting = of(row)
    assert set(waiting) == {("clinic.booked", day), ("clinic.reminder", day)}
    for message in waiting.values():
        assert "10:00" in message.body and "15:30" in message.body
    assert "10:00, 15:30" in waiting[("clinic.reminder", day)].subject


def test_a_second_booking_after_the_confirmation_left_sends_an_update_naming_the_whole_day(ours: Side) -> None:
    row, day = _irina(ours, language="fr"), _day(4)
    booked(row, ours.practitioner, day=day, at=time(9))
    Message.objects.filter(kind="clinic.booked").update(status=SENT)
    booked(row, ours.practitioner, day=day, at=time(11))
    update = of(row)[("clinic.updated", day)]
    assert "9:00" in update.body and "11:00" in update.body and "ont changé" in update.body
    assert "09:00" in of(row)[("clinic.reminder", day)].body and "11:00" in of(row)[("clinic.reminder", day)].body


def test_cancelling_one_of_two_rewrites_the_waiting_confirmation_with_the_other_only(ours: Side) -> None:
    row, day = _irina(ours), _day(3)
    first = booked(row, ours.practitioner, day=day, at=time(10))
    booked(row, ours.practitioner, day=day, at=time(14))
    appointments.set_status(first, "cancelled", ours.front_desk)
    waiting = of(row)
    assert set(waiting) == {("clinic.booked", day), ("clinic.reminder", day)}
    for message in waiting.values():
        assert "14:00" in message.body and "10:00" not in message.body


def test_a_client_told_of_the_day_hears_which_appointment_is_cancelled_and_which_still_stands(ours: Side) -> None:
    row, day = _irina(ours, language="ru"), _day(5)
    first = booked(row, ours.practitioner, day=day, at=time(10))
    booked(row, ours.practitioner, day=day, at=time(14))
    Message.objects.filter(kind="clinic.booked").update(status=SENT)
    appointments.set_status(first, "cancelled", ours.front_desk)
    note = of(row)[("clinic.cancelled", day)].body
    assert "10:00" in note and "отменена" in note and "14:00" in note.split("отменена")[1]


def test_moving_one_of_two_to_another_day_takes_it_out_of_the_first_days_confirmation(ours: Side) -> None:
    row, day, later = _irina(ours), _day(3), _day(6)
    first = booked(row, ours.practitioner, day=day, at=time(10))
    booked(row, ours.practitioner, day=day, at=time(14))
    appointments.reschedule(first, appointments.Slot(timezone.make_aware(datetime.combine(later, time(12))),
                                                     first.minutes, first.practitioner, first.location),
                            ours.front_desk)
    waiting = of(row)
    assert "14:00" in waiting[("clinic.booked", day)].body and "10:00" not in waiting[("clinic.booked", day)].body
    assert "12:00" in waiting[("clinic.moved", later)].body
    assert set(waiting) == {("clinic.booked", day), ("clinic.reminder", day), ("clinic.moved", later),
                            ("clinic.reminder", later)}


def test_booking_the_plans_sessions_makes_the_clients_messages_once(
        ours: Side, monkeypatch: pytest.MonkeyPatch) -> None:
    row = peeled_client(ours)
    row.email = "paula@example.org"
    row.save()
    made: list[int] = []
    original = client_messages.requeue
    monkeypatch.setattr(client_messages, "requeue", lambda client: made.append(client.pk) or original(client))
    planned = [e.date for e in row.planned_events.filter(kind="session").order_by("date")][:4]
    desk = Browser()
    desk.force_login(ours.front_desk)
    assert desk.post(f"/clinic/clients/{row.pk}/appointments/plan/", plan_post(ours, planned)).status_code == 302
    assert made == [row.pk]
    assert {k for k in of(row) if k[0] == "clinic.booked"} == {("clinic.booked", d) for d in planned}
