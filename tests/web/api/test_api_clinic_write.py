"""The clinic's write API: a program charts, signs, clears and logs through the same gate as the pages.

Every refusal is the API's JSON; the gate's is a 409 that says why, finding by finding.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from api_helpers import ApiClient
from django.contrib.auth.models import User
from django.test import Client as DjangoClient
from django.utils import timezone
from web_builders import person

from mesoplan.web.api.tokens import issue_token
from mesoplan.web.clinic import clients, consent, policies
from mesoplan.web.clinic.models import Client, ClinicSession, Location, Membership, Organisation
from mesoplan.web.records.models import Session

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _clinic(prefix: str = "ours") -> tuple[Organisation, User, User]:
    organisation = Organisation.objects.create(name=f"{prefix} clinic")
    Location.objects.create(organisation=organisation, name="Main street")
    practitioner, front = person(f"{prefix}_practitioner"), person(f"{prefix}_front")
    Membership.objects.create(user=practitioner, organisation=organisation, role="practitioner")
    Membership.objects.create(user=front, organisation=organisation, role="front_desk")
    consent.publish(organisation, "microneedling", "Microneedling makes small wounds.", practitioner)
    return organisation, practitioner, front


def _api(user: User) -> ApiClient:
    return ApiClient(DjangoClient(), issue_token(user, "clinic software")[1])


def _client(organisation: Organisation, by: User, **intake: Any) -> Client:
    row = Client.objects.create(organisation=organisation, name="Claire Martin")
    data = {"setting": "clinic", "start": (TODAY() - timedelta(days=7)).isoformat(), "zones": ["forehead", "cheeks"],
            **intake}
    clients.set_intake(row, data, by, timezone.now())
    text = consent.latest_text(organisation.pk, "microneedling")
    assert text is not None
    consent.sign(row, text, row.name, by, timezone.now())
    return row


def _session(organisation: Organisation, **fields: Any) -> dict[str, Any]:
    return {"date": TODAY().isoformat(), "location": organisation.locations.get().pk,
            "zones": [{"zone": "forehead", "device_kind": "professional_pen", "needle_mm": 0.5, "passes": 3}],
            "products": [{"ingredient": "hyaluronic_acid", "product_name": "Hyal", "lot": "HA2311-B"}], **fields}


def test_a_token_charts_and_signs_a_session_the_screening_allows() -> None:
    organisation, practitioner, _front = _clinic()
    row, api = _client(organisation, practitioner), _api(practitioner)
    created = api.post(f"/api/clients/{row.pk}/sessions", _session(organisation))
    assert created.status_code == 201 and created["Content-Type"].startswith("application/json")
    signed = api.post(f"/api/sessions/{created.json()['id']}/sign", {})
    assert signed.status_code == 200 and signed.json()["signed"] and signed.json()["screening_digest"]


def test_a_needle_over_the_zone_maximum_is_refused_with_the_reason() -> None:
    organisation, practitioner, _front = _clinic()
    row = _client(organisation, practitioner)
    body = _session(organisation, zones=[{"zone": "forehead", "device_kind": "professional_pen", "needle_mm": 1.5}])
    refused = _api(practitioner).post(f"/api/clients/{row.pk}/sessions", body)
    assert refused.status_code == 409
    findings = refused.json()["findings"]
    assert [(f["need"], f["kind"]) for f in findings] == [("block", "needle")]
    assert "longer than the 1 mm this zone allows" in findings[0]["message"]
    assert not ClinicSession.objects.filter(client=row).exists()


def test_the_gate_can_be_asked_without_storing_anything() -> None:
    organisation, practitioner, _front = _clinic()
    peel = (TODAY() - timedelta(days=5)).isoformat()
    row = _client(organisation, practitioner, procedures=[{"id": "chemical_peel", "date": peel}])
    answer = _api(practitioner).post(f"/api/clients/{row.pk}/gate", _session(organisation)).json()
    assert answer["allowed"] is False
    assert answer["findings"][0]["kind"] == "postpone" and answer["findings"][0]["until"]
    assert not ClinicSession.objects.filter(client=row).exists()


def test_a_consult_client_is_signed_through_the_api_only_after_a_clearance() -> None:
    organisation, practitioner, _front = _clinic()
    row, api = _client(organisation, practitioner, conditions=[{"id": "cardiac_disease"}]), _api(practitioner)
    draft = api.post(f"/api/clients/{row.pk}/sessions", _session(organisation)).json()
    refused = api.post(f"/api/sessions/{draft['id']}/sign", {})
    assert refused.status_code == 409 and refused.json()["findings"][0]["need"] == "clearance"
    clearance = api.post(f"/api/clients/{row.pk}/clearance", {
        "cleared_by": "Dr Marc Blanc", "role": "doctor", "cleared_on": TODAY().isoformat(), "note": "Stable; cleared."})
    assert clearance.status_code == 201 and clearance.json()["rules"] == ["cardiac_disease_consult"]
    signed = api.post(f"/api/sessions/{draft['id']}/sign", {})
    assert signed.status_code == 200 and signed.json()["clearance"] == clearance.json()["id"]


def test_a_red_flag_logged_through_the_api_holds_signing() -> None:
    organisation, practitioner, _front = _clinic()
    row, api = _client(organisation, practitioner), _api(practitioner)
    draft = api.post(f"/api/clients/{row.pk}/sessions", _session(organisation)).json()
    logged = api.post(f"/api/clients/{row.pk}/reactions", {"date": TODAY().isoformat(), "symptom": "blisters",
                                                          "severity": 3})
    assert logged.status_code == 201 and logged.json()["red_flag"] is True
    refused = api.post(f"/api/sessions/{draft['id']}/sign", {})
    assert refused.status_code == 409 and refused.json()["findings"][0]["kind"] == "red_flag"


def test_cautions_need_the_acknowledgement_in_the_sign_request() -> None:
    organisation, practitioner, _front = _clinic()
    row, api = _client(organisation, practitioner, conditions=[{"id": "rosacea"}]), _api(practitioner)
    draft = api.post(f"/api/clients/{row.pk}/sessions", _session(organisation)).json()
    assert api.post(f"/api/sessions/{draft['id']}/sign", {}).status_code == 409
    assert api.post(f"/api/sessions/{draft['id']}/sign", {"acknowledge": True}).status_code == 200


def test_an_intake_is_taken_through_the_api_and_a_bad_one_names_its_field() -> None:
    organisation, practitioner, _front = _clinic()
    row, api = _client(organisation, practitioner), _api(practitioner)
    taken = api.put(f"/api/clients/{row.pk}/intake", {"setting": "clinic", "zones": ["forehead"],
                                                      "conditions": [{"id": "herpes_active"}]})
    assert taken.status_code == 200 and taken.json()["verdict"] == "stop"
    bad = api.put(f"/api/clients/{row.pk}/intake", {"setting": "clinic", "zones": ["forehead"],
                                                    "medications": [{"id": "isotretinon"}]})
    assert bad.status_code == 422 and bad.json()["field"] == "medications[0].id"
    row.refresh_from_db()
    assert row.verdict == "stop"  # nothing stored half-way


def test_a_new_intake_with_a_last_dose_in_the_future_is_refused_and_nothing_is_stored() -> None:
    organisation, practitioner, _front = _clinic()
    row, api = _client(organisation, practitioner), _api(practitioner)
    before = dict(row.intake)
    future = (TODAY() + timedelta(days=20)).isoformat()
    bad = api.put(f"/api/clients/{row.pk}/intake", {"setting": "clinic", "zones": ["forehead"],
                                                    "medications": [{"id": "isotretinoin", "stopped": future}]})
    assert bad.status_code == 422 and bad.json()["field"] == "medications[0].stopped"
    assert "the date is in the future" in bad.json()["error"]
    row.refresh_from_db()
    assert row.intake == before


def test_a_bad_zone_line_names_its_field() -> None:
    organisation, practitioner, _front = _clinic()
    row = _client(organisation, practitioner)
    body = _session(organisation, zones=[{"zone": "forehead", "device_kind": "professional_pen"}])
    refused = _api(practitioner).post(f"/api/clients/{row.pk}/sessions", body)
    assert refused.status_code == 422 and refused.json()["field"] == "zones[0].needle_mm"


def test_the_front_desk_and_another_clinic_cannot_chart() -> None:
    organisation, practitioner, front = _clinic()
    _other, stranger, _ = _clinic("theirs")
    row = _client(organisation, practitioner)
    assert _api(front).post(f"/api/clients/{row.pk}/sessions", _session(organisation)).status_code == 403
    assert _api(stranger).post(f"/api/clients/{row.pk}/sessions", _session(organisation)).status_code == 404


def test_a_clinic_token_never_writes_into_the_practitioners_own_diary() -> None:
    _organisation, practitioner, _front = _clinic()
    refused = _api(practitioner).post("/api/sessions", {"date": TODAY().isoformat(), "zones": ["cheeks"]})
    assert refused.status_code == 403 and "not a personal diary" in refused.json()["error"]
    assert not Session.objects.filter(owner=practitioner).exists()
    personal = ApiClient(DjangoClient(), issue_token(practitioner, "my own", "personal")[1])
    assert personal.post("/api/sessions", {"date": TODAY().isoformat(), "zones": ["cheeks"]}).status_code == 201
    assert personal.get("/api/clients").status_code == 403


def test_the_api_screening_of_a_client_is_the_one_the_page_shows_with_the_clinic_policy() -> None:
    organisation, practitioner, _front = _clinic()
    admin = person("ours_admin")
    Membership.objects.create(user=admin, organisation=organisation, role="admin")
    stopped = (TODAY() - timedelta(days=213)).isoformat()
    row = _client(organisation, practitioner, medications=[{"id": "isotretinoin", "stopped": stopped}])
    policies.set_policy(organisation, {"washouts": {"isotretinoin_washout": {"amount": 9, "unit": "months"}}}, admin)
    clients.set_intake(row, row.intake, practitioner, timezone.now())
    row.refresh_from_db()
    answer = _api(practitioner).get(f"/api/clients/{row.pk}/screening").json()
    assert answer["verdict"] == row.verdict == "postpone"
