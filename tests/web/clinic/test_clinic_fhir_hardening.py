"""FHIR import against odd and hostile bundles: an empty bundle is a message by the upload field, a record id
never reaches the export's file name raw, and no session or consent arrives signed in the future."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from clinic_builders import clinic, member
from clinic_world import Side
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as Browser
from django.utils import timezone

from mesoplan import services
from mesoplan.core.record import ClientRecord
from mesoplan.exports.fhir import export_bundle
from mesoplan.web.clinic.models import Client, ClinicSession, Organisation
from mesoplan.web.clinic.record_mapping import client_record

pytestmark = pytest.mark.django_db


def _upload(client: Browser, user: User, data: bytes, organisation: Organisation) -> tuple[int, str]:
    client.force_login(user)
    response = client.post("/clinic/clients/import/", {
        "organisation": organisation.pk, "bundle": SimpleUploadedFile("c.json", data, "application/fhir+json")})
    return response.status_code, response.content.decode() if response.status_code == 200 else response["Location"]


def _into_another_clinic(client: Browser, record: ClientRecord, name: str) -> tuple[int, str, Organisation]:
    other = clinic(name)
    status, answer = _upload(client, member(other, "admin", f"{name.split()[-1].lower()}_admin"),
                             export_bundle(record, services.knowledge()), other)
    return status, answer, other


@pytest.mark.parametrize("bundle", [
    {"resourceType": "Bundle", "type": "collection"},
    {"resourceType": "Bundle", "type": "collection", "entry": []},
    {"resourceType": "Bundle", "type": "collection", "entry": None},
    {"resourceType": "Bundle", "type": "collection", "entry": {}},
    {"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "urn:uuid:1",
                                                                "resource": {"resourceType": "Patient"}}]},
    {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": {"resourceType": "Observation"}}]},
])
def test_a_bundle_without_a_usable_entry_is_refused_by_the_upload_field_not_a_server_error(
        client: Browser, ours: Side, bundle: dict[str, object]) -> None:
    before = Client.objects.count()
    status, html = _upload(client, ours.practitioner, json.dumps(bundle).encode(), ours.organisation)
    assert status == 200 and "errorlist" in html.split('id="field-bundle"')[1]
    assert "entry" in html.split('id="field-bundle"')[1]
    assert Client.objects.count() == before


def test_an_empty_bundle_says_it_is_empty(client: Browser, ours: Side) -> None:
    data = json.dumps({"resourceType": "Bundle", "type": "collection", "entry": []}).encode()
    _status, html = _upload(client, ours.practitioner, data, ours.organisation)
    assert "the bundle is empty" in html


@pytest.mark.parametrize("record_id", ['x"; filename="evil.exe', "a\r\nSet-Cookie: s=1", "../../etc/passwd", "é ü"])
def test_an_imported_record_id_never_injects_into_the_exports_file_name(
        client: Browser, ours: Side, record_id: str) -> None:
    status, where, other = _into_another_clinic(client, replace(client_record(ours.client), id=record_id),
                                                "Clinic Q")
    assert status == 302, where
    imported = Client.objects.get(organisation=other)
    response = client.get(f"/clinic/clients/{imported.pk}/export/")
    assert response.status_code == 200
    header = response["Content-Disposition"]
    assert header.startswith("attachment; filename=") and header.endswith('.fhir.json"')
    name = header.removeprefix('attachment; filename="').removesuffix('"')
    assert all(c.isalnum() or c in "._-" for c in name) and not name.startswith(".")
    assert "\r" not in header and "\n" not in header and header.count('"') == 2


def _signed_at(record: ClientRecord, moment: datetime) -> ClientRecord:
    first = record.sessions[0]
    return replace(record, sessions=(replace(first, signed_at=moment), *record.sessions[1:]))


@pytest.mark.parametrize("moment", [datetime(2999, 1, 1, tzinfo=UTC), timezone.now() + timedelta(hours=1)])
def test_a_session_signed_in_the_future_is_refused_and_nothing_is_kept(
        client: Browser, ours: Side, moment: datetime) -> None:
    status, html, other = _into_another_clinic(client, _signed_at(client_record(ours.client), moment), "Clinic R")
    assert status == 200 and "sessions[0].signed_at: a session cannot be signed in the future" in html
    assert not Client.objects.filter(organisation=other).exists()


def test_a_session_signed_long_before_it_took_place_is_refused(client: Browser, ours: Side) -> None:
    record = client_record(ours.client)
    early = datetime.combine(record.sessions[0].session.date - timedelta(days=30), datetime.min.time(), UTC)
    status, html, _other = _into_another_clinic(client, _signed_at(record, early), "Clinic S")
    assert status == 200 and "cannot be signed before the day it took place" in html


def test_a_consent_signed_in_the_future_is_refused(client: Browser, ours: Side) -> None:
    record = client_record(ours.client)
    assert record.consents, "the world's client has signed a consent"
    future = replace(record.consents[0], signed_at=datetime(2999, 1, 1, tzinfo=UTC))
    status, html, _other = _into_another_clinic(client, replace(record, consents=(future, *record.consents[1:])),
                                                "Clinic T")
    assert status == 200 and "consents[0].signed_at: a consent cannot be signed in the future" in html


def test_a_session_signed_in_the_past_keeps_its_signing_time(client: Browser, ours: Side) -> None:
    record = client_record(ours.client)
    moment = datetime.combine(record.sessions[0].session.date, datetime.min.time(), UTC) + timedelta(hours=12)
    assert moment < timezone.now()
    status, _where, other = _into_another_clinic(client, _signed_at(record, moment), "Clinic U")
    assert status == 302
    assert ClinicSession.objects.get(client__organisation=other, record_id=record.sessions[0].id).signed_at == moment


@pytest.mark.parametrize("day", [date(9999, 12, 31), date(2999, 1, 1), date(1, 1, 1), date(1899, 12, 31)])
def test_a_session_dated_outside_a_sane_range_is_refused_by_its_field(client: Browser, ours: Side, day: date) -> None:
    record = client_record(ours.client)
    first = record.sessions[0]
    moved = replace(first, session=replace(first.session, date=day), signed_at=None)
    status, html, other = _into_another_clinic(client, replace(record, sessions=(moved, *record.sessions[1:])),
                                               "Clinic V")
    assert status == 200 and "sessions[0].date: expected a date from 1 January 1900 to" in html
    assert not Client.objects.filter(organisation=other).exists()
