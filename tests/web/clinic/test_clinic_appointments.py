"""Booking in the clinic's calendar: one appointment, a plan's sessions in one step, moving, statuses.

Every booking asks the gate about its day (action "book"): a day inside a wait is refused with the
gate's reason and sources, and a plan is booked whole or not at all. A practitioner is never booked
twice at once; a location with opening hours is booked only inside them.
"""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

import pytest
from booking_posts import peeled_client, plan_post, slot_post
from chart_posts import chart_post
from clinic_builders import client_of, today
from clinic_world import Side
from django.test import Client as Browser
from django.utils import timezone

from mesoplan.web.clinic import appointments, policies
from mesoplan.web.clinic.models import Appointment, AuditEvent, ClinicReaction, OpeningHours
from mesoplan.web.clinic.rescreen import rescreen_all

pytestmark = pytest.mark.django_db

FORTY_DAYS_AFTER_A_PEEL = {"washouts": {"chemical_peel_medium_gap": {"amount": 40, "unit": "days"}}}


@pytest.fixture
def desk(client: Browser, ours: Side) -> Browser:
    client.force_login(ours.front_desk)
    return client


def _planned(row: Any) -> list[Any]:
    return [e.date for e in row.planned_events.order_by("date")]


def test_the_front_desk_books_an_appointment_and_finds_it_on_the_client_page_and_in_the_calendar(
        desk: Browser, ours: Side) -> None:
    tomorrow = today() + timedelta(days=1)
    response = desk.post(f"/clinic/clients/{ours.client.pk}/appointments/new/", slot_post(ours, tomorrow, "11:30"))
    assert response.status_code == 302
    booked = Appointment.objects.filter(client=ours.client).latest("id")
    assert (booked.status, booked.practitioner, booked.minutes) == ("booked", ours.practitioner, 60)
    assert "11:30" in desk.get(f"/clinic/clients/{ours.client.pk}/").content.decode()
    org = ours.organisation.pk
    for query in (f"?span=day&day={tomorrow.isoformat()}", f"?span=week&day={tomorrow.isoformat()}",
                  f"?span=week&day={tomorrow.isoformat()}&practitioner={ours.practitioner.pk}",
                  f"?span=day&day={tomorrow.isoformat()}&location={booked.location_id}"):
        page = desk.get(f"/clinic/org/{org}/calendar/{query}").content.decode()
        assert "Client a" in page and "11:30–12:30" in page, query
    today_page = desk.get(f"/clinic/org/{org}/calendar/?span=day&day={today().isoformat()}").content.decode()
    assert "Client a" not in today_page
    admin_only = desk.get(f"/clinic/org/{org}/calendar/?practitioner={ours.admin.pk}").content.decode()
    assert "Client a" not in admin_only


def test_a_booking_inside_a_wait_is_refused_with_the_gates_reason_and_sources(desk: Browser, ours: Side) -> None:
    row = peeled_client(ours)
    page = desk.post(f"/clinic/clients/{row.pk}/appointments/new/",
                     slot_post(ours, today() + timedelta(days=3))).content.decode()
    assert 'id="booking-refused"' in page and "medium peel" in page and "Not before" in page
    assert 'href="/sources/#' in page or "000-26" in page
    assert not Appointment.objects.filter(client=row).exists()


def test_the_plans_sessions_are_booked_in_one_step_each_on_its_planned_day(desk: Browser, ours: Side) -> None:
    row = peeled_client(ours)
    planned = _planned(row)
    assert b"Book the plan" in desk.get(f"/clinic/clients/{row.pk}/").content
    response = desk.post(f"/clinic/clients/{row.pk}/appointments/plan/", plan_post(ours, planned, "09:00"))
    assert response.status_code == 302
    booked = list(Appointment.objects.filter(client=row).order_by("start"))
    assert [a.planned_date for a in booked] == planned
    assert [a.start.date() for a in booked] == planned and {a.start.time() for a in booked} == {time(9)}
    assert all(a.zones == ["cheeks", "forehead"] for a in booked)
    assert b"Book the plan" not in desk.get(f"/clinic/clients/{row.pk}/").content
    again = desk.get(f"/clinic/clients/{row.pk}/appointments/plan/").content.decode()
    assert 'id="nothing-to-book"' in again


def test_a_plan_session_the_gate_blocks_refuses_the_whole_step(desk: Browser, ours: Side) -> None:
    row = peeled_client(ours)
    planned = _planned(row)
    # The clinic now waits 40 days after a peel; the stored plan (not screened again yet) has its first
    # session on day 28: the gate sees the wait still running that day, and only that day.
    policies.set_policy(ours.organisation, FORTY_DAYS_AFTER_A_PEEL, ours.admin)
    page = desk.post(f"/clinic/clients/{row.pk}/appointments/plan/", plan_post(ours, planned)).content.decode()
    refused = page.split('id="booking-refused"')[1].split("</section>")[0]
    assert refused.count('class="refusal"') == 1 and 'data-index="0"' in refused
    assert "medium peel" in refused and "Not before" in refused
    assert not Appointment.objects.filter(client=row).exists()
    later = planned[0] + timedelta(days=12)  # day 40 after the peel
    ok = desk.post(f"/clinic/clients/{row.pk}/appointments/plan/",
                   plan_post(ours, [later, *planned[1:]]))
    assert ok.status_code == 302 and Appointment.objects.filter(client=row).count() == len(planned)


def test_a_plan_session_is_never_booked_before_its_planned_day(desk: Browser, ours: Side) -> None:
    row = peeled_client(ours)
    planned = _planned(row)
    early = [planned[0], planned[1] - timedelta(days=1), *planned[2:]]
    page = desk.post(f"/clinic/clients/{row.pk}/appointments/plan/", plan_post(ours, early)).content.decode()
    assert "The plan has this session on" in page and 'data-index="1"' in page
    assert not Appointment.objects.filter(client=row).exists()


def test_sessions_left_unticked_are_not_booked(desk: Browser, ours: Side) -> None:
    row = peeled_client(ours)
    planned = _planned(row)
    data = plan_post(ours, planned)
    for i in range(2, len(planned)):
        del data[f"book_{i}"]
    assert desk.post(f"/clinic/clients/{row.pk}/appointments/plan/", data).status_code == 302
    assert [a.planned_date for a in Appointment.objects.filter(client=row)] == planned[:2]
    nothing = {k: v for k, v in plan_post(ours, planned).items() if not k.startswith("book_")}
    page = desk.post(f"/clinic/clients/{row.pk}/appointments/plan/", nothing).content.decode()
    assert "Tick at least one session to book." in page


def test_an_open_red_flag_refuses_every_booking(desk: Browser, ours: Side) -> None:
    ClinicReaction.objects.create(client=ours.client, date=today(), symptom="infection_signs", severity=4)
    page = desk.post(f"/clinic/clients/{ours.client.pk}/appointments/new/",
                     slot_post(ours, today() + timedelta(days=2))).content.decode()
    assert 'id="booking-refused"' in page and "A warning sign" in page
    assert Appointment.objects.filter(client=ours.client).count() == 1  # the fixture's own


def test_a_practitioner_is_never_booked_twice_at_once(desk: Browser, ours: Side) -> None:
    other = client_of(ours.organisation, "Olga Other", by=ours.practitioner)
    day = today() + timedelta(days=2)
    url = f"/clinic/clients/{ours.client.pk}/appointments/new/"
    assert desk.post(url, slot_post(ours, day, "10:00")).status_code == 302
    page = desk.post(f"/clinic/clients/{other.pk}/appointments/new/", slot_post(ours, day, "10:30")).content.decode()
    assert "already has an appointment from 10:00 to 11:00" in page
    assert not Appointment.objects.filter(client=other).exists()
    assert desk.post(f"/clinic/clients/{other.pk}/appointments/new/", slot_post(ours, day, "11:00")).status_code == 302


def test_a_cancelled_appointment_frees_the_practitioners_time(desk: Browser, ours: Side) -> None:
    other = client_of(ours.organisation, "Olga Other", by=ours.practitioner)
    day = today() + timedelta(days=2)
    desk.post(f"/clinic/clients/{ours.client.pk}/appointments/new/", slot_post(ours, day))
    first = Appointment.objects.latest("id")
    desk.post(f"/clinic/appointments/{first.pk}/status/", {"status": "cancelled"})
    assert desk.post(f"/clinic/clients/{other.pk}/appointments/new/", slot_post(ours, day)).status_code == 302


def test_a_location_is_booked_only_inside_its_opening_hours(client: Browser, ours: Side) -> None:
    location = ours.organisation.locations.get()
    client.force_login(ours.admin)
    hours = {f"opens_{d}": "09:00" for d in range(5)} | {f"closes_{d}": "18:00" for d in range(5)}
    assert client.post(f"/clinic/locations/{location.pk}/hours/", hours).status_code == 302
    assert OpeningHours.objects.filter(location=location).count() == 5
    monday = today() + timedelta(days=7 - today().weekday())
    url = f"/clinic/clients/{ours.client.pk}/appointments/new/"
    assert "is open from 09:00 to 18:00" in client.post(url, slot_post(ours, monday, "17:30")).content.decode()
    saturday = monday + timedelta(days=5)
    assert "is closed on that day" in client.post(url, slot_post(ours, saturday, "10:00")).content.decode()
    assert Appointment.objects.count() == 1  # the fixture's own
    assert client.post(url, slot_post(ours, monday, "17:00")).status_code == 302


def test_opening_hours_say_which_time_is_missing_or_backwards(client: Browser, ours: Side) -> None:
    location = ours.organisation.locations.get()
    client.force_login(ours.admin)
    page = client.post(f"/clinic/locations/{location.pk}/hours/",
                       {"opens_0": "09:00", "opens_1": "18:00", "closes_1": "09:00"}).content.decode()
    assert "Give both times, or neither for a closed day." in page and "It must close after it opens." in page
    assert not OpeningHours.objects.exists()


def test_a_time_that_has_passed_is_not_booked(desk: Browser, ours: Side) -> None:
    page = desk.post(f"/clinic/clients/{ours.client.pk}/appointments/new/",
                     slot_post(ours, today() - timedelta(days=1))).content.decode()
    assert "This time has passed" in page and Appointment.objects.count() == 1  # the fixture's own


def test_rescheduling_asks_the_gate_again(desk: Browser, ours: Side) -> None:
    row = peeled_client(ours)
    planned = _planned(row)
    desk.post(f"/clinic/clients/{row.pk}/appointments/plan/", plan_post(ours, planned[:1]))
    booked = Appointment.objects.get(client=row)
    inside = slot_post(ours, today() + timedelta(days=3))
    page = desk.post(f"/clinic/appointments/{booked.pk}/move/", inside).content.decode()
    assert "Not before" in page and "The plan has this session on" in page
    booked.refresh_from_db()
    assert booked.start.date() == planned[0]
    later = planned[0] + timedelta(days=2)
    assert desk.post(f"/clinic/appointments/{booked.pk}/move/", slot_post(ours, later, "15:00")).status_code == 302
    booked.refresh_from_db()
    assert (booked.start.date(), booked.start.time()) == (later, time(15))


def test_statuses_go_forward_and_a_cancelled_one_stays_cancelled(desk: Browser, ours: Side) -> None:
    desk.post(f"/clinic/clients/{ours.client.pk}/appointments/new/", slot_post(ours, today() + timedelta(days=2)))
    booked = Appointment.objects.latest("id")
    for status in ("arrived", "done"):
        desk.post(f"/clinic/appointments/{booked.pk}/status/", {"status": status})
        booked.refresh_from_db()
        assert booked.status == status
    page = desk.post(f"/clinic/appointments/{booked.pk}/status/", {"status": "cancelled"}, follow=True)
    assert "cannot become cancelled" in page.content.decode()
    booked.refresh_from_db()
    assert booked.status == "done"
    assert AuditEvent.objects.filter(client=ours.client, detail__contains="appointment of").count() >= 3


def test_the_dashboard_lists_this_weeks_bookings_and_the_planned_sessions_not_booked(
        desk: Browser, ours: Side) -> None:
    row = client_of(ours.organisation, "Gina Go", by=ours.practitioner)
    first = _planned(row)[0]
    assert first == today()
    due = desk.get("/clinic/").content.decode().split('id="due"')[1].split("</section>")[0]
    assert "Gina Go" in due.split('id="due-unbooked"')[1]
    desk.post(f"/clinic/clients/{row.pk}/appointments/plan/",
              plan_post(ours, [today() + timedelta(days=1)], "14:00"))
    due = desk.get("/clinic/").content.decode().split('id="due"')[1].split("</section>")[0]
    assert "Gina Go" in due.split('id="due-booked"')[1].split("</table>")[0]
    assert 'id="due-unbooked"' not in due or "Gina Go" not in due.split('id="due-unbooked"')[1]


def test_a_booking_opens_the_chart_for_that_session(client: Browser, ours: Side) -> None:
    client.force_login(ours.practitioner)
    booked = ours.appointment
    day = today() + timedelta(days=1)
    detail = client.get(f"/clinic/appointments/{booked.pk}/").content.decode()
    assert f"/clinic/clients/{ours.client.pk}/sessions/new/?appointment={booked.pk}" in detail
    form = client.get(f"/clinic/clients/{ours.client.pk}/sessions/new/?appointment={booked.pk}").content.decode()
    assert 'id="from-booking"' in form and f'value="{day.isoformat()}"' in form
    assert 'name="zone-cheeks-needle_mm"' in form and 'name="zone-forehead-needle_mm"' in form


def test_the_session_charted_from_a_booking_is_linked_to_it(client: Browser, ours: Side) -> None:
    client.force_login(ours.practitioner)
    booked = ours.appointment
    response = client.post(f"/clinic/clients/{ours.client.pk}/sessions/new/",
                           {**chart_post(ours), "appointment": str(booked.pk)})
    assert response.status_code == 302
    booked.refresh_from_db()
    assert booked.session is not None and response["Location"] == f"/clinic/sessions/{booked.session.pk}/"
    assert b"Open the charted session" in client.get(f"/clinic/appointments/{booked.pk}/").content


def test_booking_moving_and_cancelling_tell_the_outbox_inside_the_same_transaction(ours: Side) -> None:
    heard: list[tuple[str, Any]] = []

    def listen(sender: Any, appointment: Appointment, change: str, previous_start: Any, **_: Any) -> None:
        assert Appointment.objects.filter(pk=appointment.pk).exists()
        heard.append((change, previous_start))

    appointments.appointment_changed.connect(listen)
    try:
        location = ours.organisation.locations.get()
        start = timezone.now().replace(microsecond=0) + timedelta(days=3)
        slot = appointments.Slot(start, 30, ours.practitioner, location)
        [row] = appointments.book(ours.client, [appointments.Wanted(slot)], ours.front_desk)
        appointments.reschedule(row, appointments.Slot(start + timedelta(hours=2), 30, ours.practitioner, location),
                                ours.front_desk)
        appointments.set_status(row, "cancelled", ours.front_desk)
    finally:
        appointments.appointment_changed.disconnect(listen)
    assert heard == [("booked", None), ("rescheduled", start), ("cancelled", None)]


def test_a_rescreen_that_moves_the_earliest_start_past_a_booking_flags_it_on_the_dashboard(
        client: Browser, ours: Side) -> None:
    row = peeled_client(ours)
    planned = _planned(row)
    client.force_login(ours.practitioner)
    client.post(f"/clinic/clients/{row.pk}/appointments/plan/", plan_post(ours, planned[:2]))
    assert 'id="bookings-too-early"' not in client.get("/clinic/").content.decode()
    policies.set_policy(ours.organisation, FORTY_DAYS_AFTER_A_PEEL, ours.admin)
    rescreen_all(ours.organisation)
    flagged = client.get("/clinic/").content.decode().split('id="bookings-too-early"')[1].split("</section>")[0]
    assert "Paula Peel" in flagged and flagged.count("<li>") == 1  # the first session only; the second is after
    client.force_login(ours.front_desk)
    assert 'id="bookings-too-early"' not in client.get("/clinic/").content.decode()


def test_a_day_at_the_end_of_the_calendar_is_refused_not_a_crash(desk: Browser, ours: Side) -> None:
    url = f"/clinic/clients/{ours.client.pk}/appointments/new/"
    page = desk.post(url, {**slot_post(ours, today()), "day": "9999-12-31", "at": "23:55"})
    assert page.status_code == 200 and "too far ahead" in page.content.decode()
    page = desk.post(url, {**slot_post(ours, today()), "day": "0001-01-01", "at": "00:00"})
    assert page.status_code == 200 and "This time has passed" in page.content.decode()


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2026-02-30", "x"])
def test_the_calendar_at_an_odd_day_shows_this_week(desk: Browser, ours: Side, day: str) -> None:
    page = desk.get(f"/clinic/org/{ours.organisation.pk}/calendar/?span=week&day={day}")
    assert page.status_code == 200 and f'id="day-{today().isoformat()}"' in page.content.decode()


def test_a_client_without_an_intake_is_not_booked_until_it_is_taken(desk: Browser, ours: Side) -> None:
    row = client_of(ours.organisation, "Nadia New", by=ours.practitioner, intake=False)  # type: ignore[arg-type]
    page = desk.post(f"/clinic/clients/{row.pk}/appointments/new/",
                     slot_post(ours, today() + timedelta(days=2), "15:00")).content.decode()
    assert "take the client&#x27;s intake first" in page or "take the client's intake first" in page
    assert not Appointment.objects.filter(client=row).exists()
