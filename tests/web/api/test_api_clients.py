"""A clinic's clients over the API: scoped by the clinic's own access rules, audited like the pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from api_helpers import ApiClient, assert_error
from django.contrib.auth.models import User
from django.test import Client as DjangoClient
from django.utils import timezone
from web_builders import person

from mesoplan import services
from mesoplan.web.api.tokens import issue_token
from mesoplan.web.clinic import clients
from mesoplan.web.clinic.models import AuditEvent, Client, Membership, Organisation

pytestmark = pytest.mark.django_db


def clinic_intake() -> dict[str, Any]:
    start = (timezone.localdate() + timedelta(days=7)).isoformat()
    return {"setting": "clinic", "start": start, "zones": ["forehead", "cheeks"], "goals": ["texture"]}


@dataclass
class Clinic:
    organisation: Organisation
    practitioner: User
    front_desk: User
    client: Client


def a_clinic(prefix: str) -> Clinic:
    """A clinic with a practitioner, a front desk and one client whose intake is taken."""
    organisation = Organisation.objects.create(name=f"{prefix} clinic")
    staff = {}
    for role in ("practitioner", "front_desk"):
        staff[role] = person(f"{prefix}_{role}")
        Membership.objects.create(user=staff[role], organisation=organisation, role=role)
    client = Client.objects.create(organisation=organisation, name=f"{prefix.upper()}-CLIENT", email="c@example.org")
    clients.set_intake(client, clinic_intake(), staff["practitioner"], timezone.now())
    return Clinic(organisation, staff["practitioner"], staff["front_desk"], client)


def api_for(user: User) -> ApiClient:
    return ApiClient(DjangoClient(), issue_token(user, "clinic software")[1])


@pytest.fixture
def ours() -> Clinic:
    return a_clinic("ours")


@pytest.fixture
def theirs() -> Clinic:
    return a_clinic("theirs")


def test_staff_list_the_clients_of_their_clinic_only(ours: Clinic, theirs: Clinic) -> None:
    rows = api_for(ours.practitioner).get("/api/clients").json()
    assert [r["name"] for r in rows] == ["OURS-CLIENT"]
    assert rows[0]["verdict"] == ours.client.verdict and rows[0]["has_intake"]


def test_the_front_desk_sees_clients_but_not_their_screening(ours: Clinic) -> None:
    api = api_for(ours.front_desk)
    row = api.get("/api/clients").json()[0]
    assert (row["name"], row["verdict"], row["earliest_start"]) == ("OURS-CLIENT", None, None)
    assert api.get(f"/api/clients/{ours.client.pk}").json()["intake"] is None
    assert_error(api.get(f"/api/clients/{ours.client.pk}/screening"), 403, text="role")
    assert_error(api.get(f"/api/clients/{ours.client.pk}/fhir"), 403)


def test_someone_outside_any_clinic_is_refused(ours: Clinic) -> None:
    assert_error(api_for(person("stranger")).get("/api/clients"), 403)


@pytest.mark.parametrize("suffix", ["", "/screening", "/fhir"])
def test_another_clinics_client_is_not_found(ours: Clinic, theirs: Clinic, suffix: str) -> None:
    response = api_for(ours.practitioner).get(f"/api/clients/{theirs.client.pk}{suffix}")
    assert_error(response, 404)
    assert b"THEIRS" not in response.content


def test_a_client_is_read_with_the_intake_for_clinical_staff_and_the_look_audited(ours: Clinic) -> None:
    body = api_for(ours.practitioner).get(f"/api/clients/{ours.client.pk}").json()
    assert body["intake"] == ours.client.intake and body["email"] == "c@example.org"
    event = AuditEvent.objects.get(client=ours.client, action="view")
    assert (event.user, event.detail) == (ours.practitioner, "API: client")


def test_the_screening_is_the_stored_intake_screened_today(ours: Clinic) -> None:
    body = api_for(ours.practitioner).get(f"/api/clients/{ours.client.pk}/screening").json()
    assert body == services.screen_data(ours.client.intake, today=timezone.localdate())


def test_the_record_is_a_fhir_bundle_and_its_export_audited(ours: Clinic) -> None:
    response = api_for(ours.practitioner).get(f"/api/clients/{ours.client.pk}/fhir")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    bundle = response.json()
    assert (bundle["resourceType"], bundle["type"]) == ("Bundle", "collection")
    assert AuditEvent.objects.filter(client=ours.client, action="export", user=ours.practitioner).exists()


def test_a_client_without_an_intake_has_no_screening_or_record_yet(ours: Clinic) -> None:
    empty = Client.objects.create(organisation=ours.organisation, name="New client")
    api = api_for(ours.practitioner)
    assert_error(api.get(f"/api/clients/{empty.pk}/screening"), 422, "intake")
    assert_error(api.get(f"/api/clients/{empty.pk}/fhir"), 422, "intake")
    assert not AuditEvent.objects.filter(client=empty).exists()


def test_clients_are_searched_by_name_and_paged(ours: Clinic) -> None:
    for name in ("Anna Berg", "Anton Bell", "Zoe Quinn"):
        Client.objects.create(organisation=ours.organisation, name=name)
    api = api_for(ours.front_desk)
    assert [r["name"] for r in api.get("/api/clients?q=an%20").json()] == ["Anna Berg", "Anton Bell"]
    assert [r["name"] for r in api.get("/api/clients?limit=2&offset=1").json()] == ["Anton Bell", "OURS-CLIENT"]
    assert_error(api.get("/api/clients?limit=0"), 422, "limit")
