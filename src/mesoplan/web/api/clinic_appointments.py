"""Booking through the API: a client's appointments, booking one, moving it, its status — with the
same rules as the calendar's pages (`clinic.appointments`: the gate asked for the day, no double
booking, opening hours). A refusal is a 409 whose `error` says what stands in the way and whose
`findings` are the gate's, as for a charted session."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Query, Router, Status

from mesoplan.core.gate import Finding
from mesoplan.core.i18n import N_
from mesoplan.errors import ActionRefusedError, IntakeError
from mesoplan.web.api.auth import CLINIC_RECORDS
from mesoplan.web.api.clinic_write import WRITE
from mesoplan.web.api.form_errors import labelled
from mesoplan.web.api.paging import LINK_HEADER, PageQuery, keyset_page
from mesoplan.web.api.problems import PERSONAL_ROW
from mesoplan.web.api.schemas_appointments import AppointmentIn, AppointmentOut, AppointmentSlotIn, AppointmentStatusIn
from mesoplan.web.clinic import access, appointments
from mesoplan.web.clinic.errors import BookingRefusedError
from mesoplan.web.clinic.models import Appointment, Client, Location

router = Router(tags=["clinic"], auth=CLINIC_RECORDS)


def appointment_out(row: Appointment) -> dict[str, Any]:
    return {"id": row.pk, "client": row.client_id, "practitioner": row.practitioner_id, "location": row.location_id,
            "start": row.start, "minutes": row.minutes, "status": row.status, "planned_date": row.planned_date,
            "session": row.session_id}


def _client(request: HttpRequest, pk: int, action: str) -> Client:
    client = access.member_or_404(request.user, Client, pk)
    access.for_request(request, client.organisation_id).require(action)
    return client


def _appointment(request: HttpRequest, pk: int) -> Appointment:
    row = access.member_or_404(request.user, Appointment, pk)
    access.for_request(request, row.client.organisation_id).require("book")
    return row


def _slot(client: Client, body: AppointmentSlotIn) -> appointments.Slot:
    """The body's slot; a practitioner or location that is not the clinic's is named by its field (422)."""
    practitioner = User.objects.filter(pk=body.practitioner, clinic_memberships__organisation=client.organisation,
                                       clinic_memberships__role__in=access.CLINICAL).first()
    if practitioner is None:
        raise labelled(IntakeError("practitioner", N_("not a practitioner of the clinic")), N_("Practitioner"))
    location = Location.objects.filter(pk=body.location, organisation=client.organisation).first()
    if location is None:
        raise labelled(IntakeError("location", N_("not one of the clinic's locations")), N_("Location"))
    start = body.start if timezone.is_aware(body.start) else timezone.make_aware(body.start)
    return appointments.Slot(start, body.minutes, practitioner, location)


def _refused(error: BookingRefusedError) -> ActionRefusedError:
    """The refusal in the API's 409 shape: the problems in `error`, the gate's findings one by one."""
    problems: list[str] = []
    findings: list[Finding] = []
    for refusal in error.refusals:
        if isinstance(refusal, appointments.Refusal):
            problems += refusal.problems
            findings += refusal.findings
    return ActionRefusedError(tuple(findings), " ".join(problems) or "the screening does not allow this booking")


@router.get("/clients/{id}/appointments", response={200: list[AppointmentOut], **PERSONAL_ROW},
            operation_id="list_appointments", summary="The client's appointments, soonest first, a page at a time",
            openapi_extra=LINK_HEADER)
def list_appointments(request: HttpRequest, response: HttpResponse, id: int,
                      page: Query[PageQuery]) -> list[dict[str, Any]]:
    client = _client(request, id, "see_calendar")
    return keyset_page(request, response, client.appointments.all(), ("start", "id"), page, appointment_out)


@router.post("/clients/{id}/appointments", response={201: AppointmentOut, **WRITE}, operation_id="book_appointment",
             summary="Book an appointment; the gate, the practitioner's other bookings and the opening hours "
                     "may refuse it (409)")
def book_appointment(request: HttpRequest, id: int, body: AppointmentIn) -> Status[dict[str, Any]]:
    client = _client(request, id, "book")
    wanted = appointments.Wanted(_slot(client, body), body.planned_date, _planned_zones(client, body.planned_date))
    try:
        [row] = appointments.book(client, [wanted], request.user)
    except BookingRefusedError as error:
        raise _refused(error) from None
    return Status(201, appointment_out(row))


@router.post("/appointments/{id}/move", response={200: AppointmentOut, **WRITE}, operation_id="move_appointment",
             summary="Move a booked appointment; asked again as a new booking (409 when refused)")
def move_appointment(request: HttpRequest, id: int, body: AppointmentSlotIn) -> dict[str, Any]:
    row = _appointment(request, id)
    try:
        appointments.reschedule(row, _slot(row.client, body), request.user)
    except BookingRefusedError as error:
        raise _refused(error) from None
    return appointment_out(row)


@router.post("/appointments/{id}/status", response={200: AppointmentOut, **WRITE},
             operation_id="set_appointment_status", summary="Mark an appointment arrived, done, no-show or cancelled")
def set_appointment_status(request: HttpRequest, id: int, body: AppointmentStatusIn) -> dict[str, Any]:
    row = _appointment(request, id)
    try:
        appointments.set_status(row, body.status, request.user)
    except BookingRefusedError as error:
        raise _refused(error) from None
    return appointment_out(row)


def _planned_zones(client: Client, day: dt.date | None) -> tuple[str, ...] | None:
    """The zones of the planned session a booking names, if the stored plan has one that day."""
    if day is None:
        return None
    event = client.planned_events.filter(date=day).first()
    return tuple(event.zones) if event is not None else None
