"""Booking through the API: the same rules as the calendar's pages. A day inside a wait is a 409 with the
gate's findings; a double booking a 409 that says so; another clinic's client or appointment is a 404."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

import pytest
from django.utils import timezone
from test_api_clinic_write import _api, _client, _clinic

from mesoplan.web.clinic.models import Appointment, Organisation

pytestmark = pytest.mark.django_db


def _slot(organisation: Organisation, practitioner: Any, days: int = 2, at: str = "10:00",
          **fields: Any) -> dict[str, Any]:
    """A slot in the server's time zone (no zone given), `days` from today."""
    day = datetime.combine(timezone.localdate() + timedelta(days=days), time.fromisoformat(at))
    return {"start": day.isoformat(), "minutes": 45, "practitioner": practitioner.pk,
            "location": organisation.locations.get().pk, **fields}


def test_the_front_desk_books_moves_and_cancels_an_appointment() -> None:
    organisation, practitioner, front = _clinic()
    row, api = _client(organisation, practitioner), _api(front)
    booked = api.post(f"/api/clients/{row.pk}/appointments", _slot(organisation, practitioner))
    assert booked.status_code == 201 and booked.json()["status"] == "booked"
    pk = booked.json()["id"]
    moved = api.post(f"/api/appointments/{pk}/move", _slot(organisation, practitioner, days=3, at="14:00"))
    assert moved.status_code == 200 and moved.json()["start"].startswith(
        (timezone.localdate() + timedelta(days=3)).isoformat() + "T14:00")
    assert api.post(f"/api/appointments/{pk}/status", {"status": "cancelled"}).json()["status"] == "cancelled"
    again = api.post(f"/api/appointments/{pk}/status", {"status": "arrived"})
    assert again.status_code == 409 and "cannot become" in again.json()["error"]
    assert [a["id"] for a in api.get(f"/api/clients/{row.pk}/appointments").json()] == [pk]


def test_a_day_inside_a_wait_is_refused_with_the_gates_findings() -> None:
    organisation, practitioner, front = _clinic()
    peel = (timezone.localdate() - timedelta(days=5)).isoformat()
    row = _client(organisation, practitioner, procedures=[{"id": "chemical_peel", "date": peel}])
    refused = _api(front).post(f"/api/clients/{row.pk}/appointments", _slot(organisation, practitioner))
    assert refused.status_code == 409
    assert [(f["need"], f["kind"]) for f in refused.json()["findings"]] == [("block", "postpone")]
    assert not Appointment.objects.exists()


def test_a_practitioner_booked_twice_at_once_is_a_conflict() -> None:
    organisation, practitioner, front = _clinic()
    row, api = _client(organisation, practitioner), _api(front)
    assert api.post(f"/api/clients/{row.pk}/appointments", _slot(organisation, practitioner)).status_code == 201
    clash = api.post(f"/api/clients/{row.pk}/appointments", _slot(organisation, practitioner, at="10:30"))
    assert clash.status_code == 409 and "already has an appointment" in clash.json()["error"]


def test_a_practitioner_or_location_of_another_clinic_is_named_by_its_field() -> None:
    organisation, practitioner, front = _clinic()
    other, stranger, _ = _clinic("theirs")
    row, api = _client(organisation, practitioner), _api(front)
    wrong = api.post(f"/api/clients/{row.pk}/appointments", _slot(organisation, stranger))
    assert wrong.status_code == 422 and wrong.json()["field"] == "practitioner"
    body = _slot(organisation, practitioner, location=other.locations.get().pk)
    wrong_place = api.post(f"/api/clients/{row.pk}/appointments", body)
    assert wrong_place.status_code == 422 and wrong_place.json()["field"] == "location"


def test_another_clinics_client_and_appointment_are_not_found() -> None:
    _ours, _practitioner, front = _clinic()
    other, their_practitioner, their_front = _clinic("theirs")
    theirs = _client(other, their_practitioner)
    booked = _api(their_front).post(f"/api/clients/{theirs.pk}/appointments", _slot(other, their_practitioner))
    api = _api(front)
    assert api.get(f"/api/clients/{theirs.pk}/appointments").status_code == 404
    assert api.post(f"/api/clients/{theirs.pk}/appointments", _slot(other, their_practitioner)).status_code == 404
    pk = booked.json()["id"]
    assert api.post(f"/api/appointments/{pk}/status", {"status": "cancelled"}).status_code == 404
    assert api.post(f"/api/appointments/{pk}/move", _slot(other, their_practitioner)).status_code == 404
    assert Appointment.objects.get(pk=pk).status == "booked"
