"""FHIR R4B: a client's record exported, checked with fhir.resources, and imported into another clinic or an
empty database as the same record, byte for byte; a bad upload is a message by the field, never a 500."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from clinic_builders import clinic, member
from clinic_world import Side
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client as Browser
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from fhir_schema import schema_errors
from mesoplan import services
from mesoplan.core.record import ChartedSession, ClientRecord
from mesoplan.core.tracking_models import LoggedSession
from mesoplan.exports.fhir import export_bundle
from mesoplan.exports.fhir_import import import_bundle
from mesoplan.web.clinic import charting
from mesoplan.web.clinic.models import Client, ClinicSession, Organisation
from mesoplan.web.clinic.record_import import import_record
from mesoplan.web.clinic.record_mapping import client_record

pytestmark = pytest.mark.django_db


def _exported(client: Browser, side: Side) -> bytes:
    client.force_login(side.practitioner)
    response = client.get(f"/clinic/clients/{side.client.pk}/export/")
    assert response.status_code == 200 and response["Content-Type"] == "application/fhir+json"
    data = b"".join(response.streaming_content) if response.streaming else response.content
    assert schema_errors(data) == []  # the official R4B JSON schema
    return data


def _upload(client: Browser, user: User, data: bytes, organisation: Organisation) -> tuple[int, str]:
    client.force_login(user)
    response = client.post("/clinic/clients/import/", {
        "organisation": organisation.pk, "bundle": SimpleUploadedFile("c.json", data, "application/fhir+json")})
    return response.status_code, response.content.decode() if response.status_code == 200 else response["Location"]


@pytest.fixture
def amended(ours: Side) -> Side:
    charting.amend(ours.session, ours.practitioner, "Called on day 2: redness fading.")
    return ours


def test_the_export_is_a_valid_r4b_bundle_with_the_charted_session(client: Browser, amended: Side) -> None:
    data = _exported(client, amended)
    bundle = Bundle.model_validate(json.loads(data))
    kinds = [e.resource.get_resource_type() for e in bundle.entry]
    assert kinds.count("Procedure") == 2 and "Consent" in kinds and "Patient" in kinds
    text = data.decode()
    assert "LOT" in text and "Called on day 2: redness fading." in text and "Dora Lee" in text


def test_import_into_a_fresh_clinic_gives_the_same_record_and_the_same_bytes(client: Browser, amended: Side) -> None:
    exported = _exported(client, amended)
    other = clinic("Clinic C")
    importer = member(other, "practitioner", "c_practitioner")
    status, where = _upload(client, importer, exported, other)
    imported = Client.objects.get(organisation=other)
    assert (status, where) == (302, f"/clinic/clients/{imported.pk}/")
    assert client_record(imported) == client_record(amended.client)
    assert export_bundle(client_record(imported), services.knowledge()) == exported


@pytest.mark.django_db(transaction=True)  # a real flush: PostgreSQL truncates only outside a pending transaction
def test_import_into_an_empty_database_gives_the_same_bytes(client: Browser, amended: Side) -> None:
    exported = _exported(client, amended)
    record = import_bundle(exported, services.knowledge())
    call_command("flush", interactive=False, verbosity=0)  # every table emptied, locks and all
    assert not ClinicSession.objects.exists() and not Client.objects.exists()
    fresh = clinic("Empty")
    done = import_record(record, fresh, member(fresh, "admin", "first"), timezone.now())
    again = export_bundle(client_record(done.client), services.knowledge())
    assert again == exported
    assert done.client.sessions.filter(signed_at__isnull=False).count() == 1


def test_the_same_client_cannot_be_imported_twice_into_one_clinic(client: Browser, ours: Side) -> None:
    exported = _exported(client, ours)
    status, html = _upload(client, ours.practitioner, exported, ours.organisation)
    assert status == 200 and "Patient.identifier: this client is already in the clinic" in html
    assert Client.objects.filter(organisation=ours.organisation).count() == 1


@pytest.mark.parametrize(("data", "field"), [
    (b"{not json", "bundle"),
    (b'{"resourceType": "Patient"}', "resourceType"),
    (b"\xff\xfe", "bundle"),
    (b"", "bundle"),
])
def test_a_broken_bundle_is_refused_by_the_field_and_creates_nothing(
        client: Browser, ours: Side, data: bytes, field: str) -> None:
    before = Client.objects.count()
    status, html = _upload(client, ours.practitioner, data, ours.organisation)
    assert status == 200 and 'id="field-bundle"' in html and "errorlist" in html.split('id="field-bundle"')[1]
    assert Client.objects.count() == before


def test_a_damaged_entry_is_named_by_its_path(client: Browser, ours: Side) -> None:
    bundle = json.loads(_exported(client, ours))
    bundle["entry"][0]["resource"]["gender"] = "dragon"
    status, html = _upload(client, ours.practitioner, json.dumps(bundle).encode(), ours.organisation)
    assert status == 200 and "entry[0].resource.gender" in html


def test_home_sessions_of_an_imported_record_are_counted_as_not_kept(client: Browser, ours: Side) -> None:
    record = client_record(ours.client)
    home = charting_home_session(record)
    data = export_bundle(home, services.knowledge())
    other = clinic("Clinic D")
    status, where = _upload(client, member(other, "admin", "d_admin"), data, other)
    assert status == 302
    messages = client.get(where).content.decode()
    assert "Not kept: 1 home sessions" in messages


def charting_home_session(record: ClientRecord) -> ClientRecord:
    """The record with one more session, done at home."""
    first = record.sessions[0].session
    home = ChartedSession("home-1", LoggedSession(first.date, "home", ("neck",), 0.25))
    return replace(record, id="another-client", sessions=(*record.sessions, home))


def test_the_front_desk_can_neither_export_nor_import(client: Browser, ours: Side) -> None:
    client.force_login(ours.front_desk)
    assert client.get(f"/clinic/clients/{ours.client.pk}/export/").status_code == 403
    assert client.get("/clinic/clients/import/").status_code == 403


def test_a_client_without_an_intake_cannot_be_exported_yet(client: Browser, ours: Side) -> None:
    Client.objects.filter(pk=ours.client.pk).update(intake={})
    client.force_login(ours.practitioner)
    response = client.get(f"/clinic/clients/{ours.client.pk}/export/", follow=True)
    assert "take the client&#x27;s intake first" in response.content.decode()


@pytest.mark.parametrize(("change", "field"), [
    ({"name": "N" * 151}, "name"),
    ({"id": "i" * 65}, "id"),
])
def test_a_text_longer_than_the_clinic_keeps_is_refused_by_its_field_on_every_database(
        client: Browser, ours: Side, change: dict[str, str], field: str) -> None:
    data = export_bundle(replace(client_record(ours.client), **change), services.knowledge())
    other = clinic("Clinic E")
    status, html = _upload(client, member(other, "admin", "e_admin"), data, other)
    assert status == 200 and f"{field}: at most" in html
    assert not Client.objects.filter(organisation=other).exists()


def test_notes_with_long_amendments_folded_in_are_imported_whole(client: Browser, ours: Side) -> None:
    record = replace(client_record(ours.client), id="long")
    first = record.sessions[0]
    record = replace(record, sessions=(replace(first, notes="n" * 9000), *record.sessions[1:]))
    other = clinic("Clinic F")
    data = export_bundle(record, services.knowledge())
    status, _where = _upload(client, member(other, "admin", "f_admin"), data, other)
    imported = Client.objects.get(organisation=other)
    assert status == 302 and export_bundle(client_record(imported), services.knowledge()) == data
