"""Appointment messages to a clinic's clients through the outbox: a confirmation when booked, a reminder
the evening before, a move replaces the reminder, a cancellation drops what waits; email when the client
has an address, SMS with only a phone; in the client's language; none for a booking the gate no longer takes."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from clinic_builders import booked, client_of, clinic_intake, today
from clinic_world import Side
from django.test import Client as Browser
from django.utils import timezone
from rescreen_cases import NINE_MONTHS, isotretinoin_stopped

from mesoplan.web.clinic import appointments, clients, policies
from mesoplan.web.clinic.models import AuditEvent, ClinicReaction, Location
from mesoplan.web.clinic.rescreen import rescreen_all
from mesoplan.web.outbox.models import CANCELLED, QUEUED, SENT, Message

pytestmark = pytest.mark.django_db

def of(row: Any, status: str = QUEUED) -> dict[tuple[str, date], Message]:
    return {(m.kind, m.about): m for m in Message.objects.filter(recipient=f"client:{row.pk}", status=status)}


def in_days(days: int) -> date:
    return today() + timedelta(days=days)


def _client(side: Side, **fields: Any) -> Any:
    return client_of(side.organisation, "Irina Petrova", by=side.practitioner, **fields)


def _move(row: Any, day: date, at: time, by: Any) -> None:
    start = timezone.make_aware(datetime.combine(day, at))
    appointments.reschedule(row, appointments.Slot(start, row.minutes, row.practitioner, row.location), by)


def test_a_booking_queues_a_confirmation_now_and_a_reminder_the_evening_before_in_the_clients_language(
        ours: Side) -> None:
    Location.objects.filter(organisation=ours.organisation).update(address="12 rue des Lilas, Lyon")
    row = _client(ours, email="irina@example.org", language="fr")
    day = in_days(3)
    booked(row, ours.practitioner, day=day, at=time(14, 30))
    waiting = of(row)
    assert set(waiting) == {("clinic.booked", day), ("clinic.reminder", day)}
    confirmation = waiting[("clinic.booked", day)]
    assert confirmation.due_at <= timezone.now() and confirmation.language == "fr"
    assert (confirmation.channel, confirmation.address) == ("email", "irina@example.org")
    assert confirmation.subject.startswith("Clinic a\u00a0: votre rendez-vous du ")
    assert "14:30" in confirmation.subject
    assert "Street a, 12 rue des Lilas, Lyon" in confirmation.body
    assert "Bonjour Irina Petrova" in confirmation.body
    reminder = waiting[("clinic.reminder", day)]
    assert reminder.due_at == timezone.make_aware(datetime.combine(day - timedelta(days=1), time(18)))
    assert "demain" in reminder.body


def test_a_client_without_a_saved_language_hears_in_the_sites_and_the_text_says_no_clinical_details(
        ours: Side) -> None:
    row = _client(ours, email="irina@example.org")
    booked(row, ours.practitioner, day=in_days(4), at=time(9))
    body = of(row)[("clinic.booked", in_days(4))].body
    assert "Your appointment at Clinic a is booked for" in body and "9" in body
    assert "forehead" not in body and "needle" not in body.lower()


def test_a_client_with_only_a_phone_gets_text_messages_and_one_with_neither_gets_nothing(ours: Side) -> None:
    phoned = _client(ours, phone="+33 6 12 34 56 78", language="ru")
    booked(phoned, ours.practitioner, day=in_days(2))
    sms = of(phoned)[("clinic.booked", in_days(2))]
    assert (sms.channel, sms.address, sms.language) == ("sms", "+33 6 12 34 56 78", "ru")
    assert sms.body.startswith("Clinic a: ваша запись на ") and len(sms.body) < 300
    silent = client_of(ours.organisation, "No Contact", by=ours.practitioner)
    booked(silent, ours.practitioner, day=in_days(2), at=time(12))
    assert not of(silent)


def test_a_move_replaces_the_reminder_with_one_at_the_new_time(ours: Side) -> None:
    row = _client(ours, email="irina@example.org")
    appointment = booked(row, ours.practitioner, day=in_days(3))
    _move(appointment, in_days(5), time(16), ours.front_desk)
    waiting = of(row)
    assert [k for k in waiting if k[0] == "clinic.reminder"] == [("clinic.reminder", in_days(5))]
    assert ("clinic.moved", in_days(5)) in waiting and "16:00" in waiting[("clinic.moved", in_days(5))].body
    assert of(row, CANCELLED).keys() >= {("clinic.reminder", in_days(3)), ("clinic.booked", in_days(3))}


def test_a_cancellation_drops_what_waits_and_sends_a_note_only_to_a_client_who_was_told(ours: Side) -> None:
    row = _client(ours, email="irina@example.org")
    first = booked(row, ours.practitioner, day=in_days(3))
    appointments.set_status(first, "cancelled", ours.front_desk)
    assert not of(row)  # the confirmation had not left: nothing to take back

    second = booked(row, ours.practitioner, day=in_days(6))
    Message.objects.filter(kind="clinic.booked", about=in_days(6)).update(status=SENT)
    appointments.set_status(second, "cancelled", ours.front_desk)
    assert set(of(row)) == {("clinic.cancelled", in_days(6))}
    assert "is cancelled" in of(row)[("clinic.cancelled", in_days(6))].body


def test_no_reminder_for_a_booking_a_new_intake_put_before_the_clients_earliest_start(
        ours: Side, django_capture_on_commit_callbacks: Any) -> None:
    row = _client(ours, email="irina@example.org")
    booked(row, ours.practitioner, day=in_days(3))
    booked(row, ours.practitioner, day=in_days(120))
    peel_today = clinic_intake(procedures=[{"id": "chemical_peel", "date": today().isoformat()}])
    with django_capture_on_commit_callbacks(execute=True):
        clients.set_intake(row, peel_today, ours.practitioner, timezone.now())
    assert row.earliest_start is not None and in_days(3) < row.earliest_start < in_days(120)
    reminders = [k for k in of(row) if k[0] == "clinic.reminder"]
    assert reminders == [("clinic.reminder", in_days(120))]  # the first is now too early: the clinic rebooks
    assert of(row, CANCELLED).keys() >= {("clinic.reminder", in_days(3))}


def test_an_open_red_flag_holds_the_reminder_back(ours: Side, django_capture_on_commit_callbacks: Any) -> None:
    row = _client(ours, email="irina@example.org")
    booked(row, ours.practitioner, day=in_days(4))
    with django_capture_on_commit_callbacks(execute=True):
        ClinicReaction.objects.create(client=row, date=today(), symptom="infection_signs", severity=4)
    assert ("clinic.reminder", in_days(4)) not in of(row)


def _planned_session(side: Side, row: Any, moved_by: int = 0) -> tuple[date, date]:
    """Book the plan's first session `moved_by` days after its planned day; (planned, booked) days."""
    planned = row.planned_events.filter(kind="session").order_by("date").first().date
    day = planned + timedelta(days=moved_by)
    slot = appointments.Slot(timezone.make_aware(datetime.combine(day, time(10))), 60, side.practitioner,
                             side.organisation.locations.get())
    appointments.book(row, [appointments.Wanted(slot, planned)], side.front_desk)
    return planned, day


def test_a_booked_plan_session_brings_its_preparation_steps_on_their_own_day_in_the_clients_language(
        ours: Side) -> None:
    row = _client(ours, email="irina@example.org", language="fr",
                  intake=clinic_intake(start=in_days(20).isoformat(), medications=[{"id": "fish_oil"}]))
    planned, day = _planned_session(ours, row, moved_by=2)
    pause_day = day - timedelta(days=7)  # the step keeps its distance to the session booked
    assert ("clinic.prep", planned - timedelta(days=7)) not in of(row)
    prep = of(row)[("clinic.prep", pause_day)]
    assert prep.due_at == timezone.make_aware(datetime.combine(pause_day - timedelta(days=1), time(18)))
    assert prep.subject.startswith("Clinic a\u00a0: à faire le ")
    assert "Huile de poisson" in prep.body or "oméga-3" in prep.body
    assert "Pause blood" not in prep.body  # in French, all of it


def test_the_evening_of_the_session_the_aftercare_of_the_next_day_and_what_to_watch_for(ours: Side) -> None:
    row = _client(ours, email="irina@example.org", intake=clinic_intake(start=in_days(10).isoformat()))
    _planned, day = _planned_session(ours, row)
    after = of(row)[("clinic.aftercare", day + timedelta(days=1))]
    assert after.due_at == timezone.make_aware(datetime.combine(day, time(18)))
    assert "SPF 50" in after.body and "Call emergency services now if you notice" in after.body
    assert "reaction diary" not in after.body
    assert "No make-up for 10–15 hours" not in after.body  # over by the next day


def test_a_cancelled_session_takes_its_preparation_and_aftercare_with_it(ours: Side) -> None:
    row = _client(ours, phone="+7 900 000 00 00", language="ru",
                  intake=clinic_intake(start=in_days(20).isoformat(), medications=[{"id": "fish_oil"}]))
    _planned_session(ours, row)
    assert {kind for kind, _day in of(row)} == {"clinic.booked", "clinic.reminder", "clinic.prep", "clinic.aftercare"}
    sms = next(m for (kind, _d), m in of(row).items() if kind == "clinic.prep")
    assert sms.channel == "sms" and ".;" not in sms.body and sms.body.startswith("Clinic a: ")
    appointments.set_status(row.appointments.get(), "cancelled", ours.front_desk)
    assert not of(row)


def _stop_link(body: str) -> str:
    found = re.search(r"http://[^/\s]+(/clinic/messages/stop/\S+/)", body)
    assert found is not None, body
    return found.group(1)


def test_every_message_carries_a_link_that_stops_them_all_without_logging_in(ours: Side) -> None:
    row = _client(ours, email="irina@example.org", language="ru")
    booked(row, ours.practitioner, day=in_days(3))
    waiting = of(row)
    links = {_stop_link(m.body) for m in waiting.values()}
    assert len(links) == 1
    [link] = links
    assert all(m.headers["List-Unsubscribe"] == f"<http://127.0.0.1:8000{link}>" for m in waiting.values())

    visitor = Browser()
    page = visitor.get(link)
    assert page.status_code == 200 and "Отказаться" in page.content.decode()  # in the client's language
    assert visitor.post(link).status_code == 200
    row.refresh_from_db()
    assert row.messages_opt_out and not of(row)
    assert AuditEvent.objects.filter(client=row, detail="details: messages_opt_out").exists()
    booked(row, ours.practitioner, day=in_days(5))
    assert not of(row)  # nothing more is ever queued


def test_a_forged_or_damaged_link_stops_nothing(ours: Side) -> None:
    row = _client(ours, email="irina@example.org")
    booked(row, ours.practitioner, day=in_days(3))
    link = _stop_link(of(row)[("clinic.booked", in_days(3))].body)
    assert Browser().post(link[:-3] + "x/").status_code == 404
    assert Browser().post("/clinic/messages/stop/not-a-token/").status_code == 404
    assert len(of(row)) == 2


def test_the_front_desk_opts_a_client_out_on_the_clients_form(
        ours: Side, client: Browser, django_capture_on_commit_callbacks: Any) -> None:
    row = _client(ours, email="irina@example.org")
    booked(row, ours.practitioner, day=in_days(3))
    client.force_login(ours.front_desk)
    form = client.get(f"/clinic/clients/{row.pk}/edit/").content.decode()
    assert 'name="messages_opt_out"' in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/clinic/clients/{row.pk}/edit/", {
            "name": row.name, "email": row.email, "messages_opt_out": "on"})
    assert response.status_code == 302
    assert not of(row) and of(row, CANCELLED)


def test_a_rescreen_that_puts_a_booking_before_the_earliest_start_takes_its_reminder_back(
        ours: Side, django_capture_on_commit_callbacks: Any) -> None:
    row = _client(ours, email="irina@example.org", intake=isotretinoin_stopped(200))  # six months: over
    booked(row, ours.practitioner, day=in_days(3))
    booked(row, ours.practitioner, day=in_days(120))
    assert {("clinic.reminder", in_days(3)), ("clinic.reminder", in_days(120))} <= set(of(row))
    policies.set_policy(ours.organisation, NINE_MONTHS, ours.admin)
    with django_capture_on_commit_callbacks(execute=True):
        rescreen_all(ours.organisation)
    row.refresh_from_db()
    assert in_days(3) < row.earliest_start < in_days(120)
    assert [k for k in of(row) if k[0] == "clinic.reminder"] == [("clinic.reminder", in_days(120))]


def test_the_aftercare_of_a_session_held_stays_and_a_no_show_gets_none(
        ours: Side, django_capture_on_commit_callbacks: Any) -> None:
    held = _client(ours, email="irina@example.org", intake=clinic_intake(start=in_days(10).isoformat()))
    missed = _client(ours, email="boris@example.org", intake=clinic_intake(start=in_days(11).isoformat()))
    _planned, day = _planned_session(ours, held)
    _planned_session(ours, missed)
    for row, status in ((held, "arrived"), (missed, "no_show")):
        with django_capture_on_commit_callbacks(execute=True):
            appointments.set_status(row.appointments.get(), status, ours.front_desk)
    assert ("clinic.aftercare", day + timedelta(days=1)) in of(held)
    assert not [k for k in of(missed) if k[0] == "clinic.aftercare"]
