"""A person's data is theirs: one zip with the contract JSON, the FHIR bundle and the photos; the account
deleted with all its data and photos after a confirmation, a clinic's own record staying with the clinic."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.contrib.auth.models import User
from django.core.files.storage import default_storage
from django.test import Client
from home_builders import planned, reminded
from web_builders import PASSWORD, days_ago, device, person, photo, reaction, saved_check, session

from mesoplan.web.outbox.models import Message
from mesoplan.web.records.models import Photo, Reaction, SavedCheck, Session

pytestmark = pytest.mark.django_db


def full_diary(owner: User) -> Photo:
    saved_check(owner)
    pen = device(owner)
    logged = session(owner, device=pen, outcome=6, notes="felt fine")
    reaction(owner, session=logged, date=days_ago(9))
    return photo(owner)


def download(client: Client) -> zipfile.ZipFile:
    response = client.post("/me/data/export.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"] and ".zip" in response["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]


def test_the_download_holds_the_contract_json_the_fhir_bundle_and_the_photos(client: Client) -> None:
    ana = person("ana", PASSWORD)
    picture = full_diary(ana)
    client.force_login(ana)
    archive = download(client)

    data = json.loads(archive.read("mesoplan-data.json"))
    assert data["account"]["username"] == "ana" and data["format"] == "mesoplan-personal-data"
    [check] = data["checks"]
    assert check["intake"]["zones"] == ["cheeks", "forehead"]
    assert check["screenings"][0]["result"]["verdict"] in ("go", "caution", "postpone", "consult", "stop")
    assert check["plans"][0]["plan"]["events"]
    assert data["diary"]["sessions"][0]["notes"] == "felt fine"
    assert data["diary"]["reactions"][0]["symptom"] == "redness"
    [listed] = data["diary"]["photos"]

    bundle = json.loads(archive.read("fhir-bundle.json"))
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert bundle["resourceType"] == "Bundle" and {"Patient", "Procedure", "Observation", "CarePlan", "Device"} <= kinds

    with picture.image.open("rb") as stored:
        assert archive.read(listed["file"]) == stored.read()


def test_someone_else_cannot_be_in_my_download(client: Client) -> None:
    full_diary(person("bob"))
    ana = person("ana")
    client.force_login(ana)
    data = json.loads(download(client).read("mesoplan-data.json"))
    assert data["checks"] == [] and data["diary"]["sessions"] == [] and data["diary"]["photos"] == []
    assert "fhir-bundle.json" not in download(client).namelist()


def test_the_download_needs_an_account_and_a_post(client: Client) -> None:
    assert client.post("/me/data/export.zip").status_code == 302
    client.force_login(person("ana"))
    assert client.get("/me/data/export.zip").status_code == 405


def test_deleting_needs_the_password_and_the_confirmation(client: Client) -> None:
    ana = person("ana", PASSWORD)
    client.force_login(ana)
    wrong = client.post("/me/data/", {"password": "not it", "understood": "on"})
    assert wrong.status_code == 400 and "This is not your password." in wrong.content.decode()
    unconfirmed = client.post("/me/data/", {"password": PASSWORD})
    assert unconfirmed.status_code == 400 and 'id="field-understood"' in unconfirmed.content.decode()
    assert User.objects.filter(username="ana").exists()


def test_deleting_the_account_removes_all_its_data_and_photo_files_and_logs_out(client: Client) -> None:
    ana = reminded("ana")
    ana.set_password(PASSWORD)
    ana.save()
    planned(ana)
    picture = full_diary(ana)
    bob = person("bob")
    full_diary(bob)
    client.force_login(ana)
    assert Message.objects.filter(user=ana).exists()

    response = client.post("/me/data/", {"password": PASSWORD, "understood": "on"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert not User.objects.filter(username="ana").exists()
    assert not default_storage.exists(picture.image.name)
    assert not Message.objects.filter(recipient=f"user:{ana.pk}").exists()
    for model in (SavedCheck, Session, Reaction, Photo):
        assert model.objects.filter(owner__username="bob").exists()
        assert model.objects.count() == model.objects.filter(owner__username="bob").count()
    assert "Votre compte et toutes ses données sont supprimés." in client.get("/").content.decode()  # as she read
    assert client.get("/me/data/").status_code == 302  # logged out


def test_a_clinics_own_record_of_a_linked_client_stays_with_the_clinic_without_the_link(client: Client) -> None:
    from mesoplan.web.clinic.models import Client as ClinicClient
    from mesoplan.web.clinic.models import ClinicSession
    from web.clinic.clinic_builders import client_of, clinic, member, signed_session

    ana = person("ana", PASSWORD)
    organisation = clinic()
    practitioner = member(organisation, "practitioner", "dora")
    row = client_of(organisation, "Ana Linked", by=practitioner, user=ana)
    signed_session(row, practitioner)
    client.force_login(ana)
    client.post("/me/data/", {"password": PASSWORD, "understood": "on"})

    kept = ClinicClient.objects.get(pk=row.pk)
    assert kept.user is None and kept.name == "Ana Linked"
    assert ClinicSession.objects.filter(client=kept).exists()


def test_the_download_keeps_where_each_red_flag_stands(client: Client) -> None:
    from web_builders import days_ago, reaction

    ana = person("ana", PASSWORD)
    reaction(ana, date=days_ago(3), symptom="infection_signs", severity=3, flag_status="resolved",
             flag_seen_on=days_ago(2), flag_seen_note="cream", flag_resolved_on=days_ago(1),
             flag_resolved_by="Dr Curie", flag_resolved_note="healed")
    client.force_login(ana)
    [row] = json.loads(download(client).read("mesoplan-data.json"))["diary"]["reactions"]
    assert (row["flag_status"], row["flag_seen_note"], row["flag_resolved_by"], row["flag_resolved_note"]) == \
        ("resolved", "cream", "Dr Curie", "healed")
