"""Logging sessions, devices and reactions: saved whole or not at all, errors by the field."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from web_builders import days_ago, device, image_bytes, person, session, today

from mesoplan.web.records.models import Device, Photo, Reaction, Session

pytestmark = pytest.mark.django_db



def errors_of(response: Any, field: str) -> str:
    html = response.content.decode()
    start = html.index(f'id="field-{field}"')
    end = html.find('id="field-', start + 10)
    return str(html[start:end if end != -1 else html.index("</form>", start)])


def test_logging_a_session_saves_it_for_its_owner(client: Client, ana: User) -> None:
    pen = device(ana)
    response = client.post("/diary/sessions/new/", {
        "date": days_ago(1).isoformat(), "setting": "home", "zones": ["forehead", "cheeks"],
        "device": pen.pk, "needle_mm": "0.25", "passes": "4", "serum": "hyaluronic_acid", "outcome": "7"})
    assert response.status_code == 302
    logged = Session.objects.get()
    assert (logged.owner, logged.zones, logged.device, logged.passes, logged.outcome) == \
        (ana, ["forehead", "cheeks"], pen, 4, 7)


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"zones": []}, "zones", "This field is required."),
    ({"date": "yesterday"}, "date", "Enter a valid date."),
    ({"date": "2999-01-01"}, "date", "This date is in the future."),
    ({"needle_mm": "-1"}, "needle_mm", "greater than or equal to 0.01"),
    ({"needle_mm": "12"}, "needle_mm", "less than or equal to 5"),
    ({"passes": "0"}, "passes", "greater than or equal to 1"),
    ({"serum": "snake_oil"}, "serum", "Select a valid choice"),
    ({"outcome": "11"}, "outcome", "Select a valid choice"),
    ({"setting": "spa"}, "setting", "Select a valid choice"),
    ({"zones": ["elbow"]}, "zones", "Select a valid choice"),
])
def test_a_bad_session_is_shown_by_its_field_and_not_stored(
        client: Client, ana: User, fields: dict[str, Any], field: str, message: str) -> None:
    data = {"date": days_ago(1).isoformat(), "setting": "home", "zones": ["forehead"], **fields}
    response = client.post("/diary/sessions/new/", data)
    assert response.status_code == 200
    assert message in errors_of(response, field)
    assert not Session.objects.exists()


def test_someone_elses_device_cannot_be_named_in_a_session(client: Client, ana: User) -> None:
    other = device(person("bob"))
    response = client.post("/diary/sessions/new/", {"date": days_ago(1).isoformat(), "setting": "home",
                                                    "zones": ["forehead"], "device": other.pk})
    assert "Select a valid choice" in errors_of(response, "device")
    assert not Session.objects.exists()


def test_a_session_can_be_changed_and_deleted(client: Client, ana: User) -> None:
    logged = session(ana)
    client.post(f"/diary/sessions/{logged.pk}/", {"date": logged.date.isoformat(), "setting": "clinic",
                                                  "zones": ["neck"]})
    logged.refresh_from_db()
    assert (logged.setting, logged.zones) == ("clinic", ["neck"])
    assert client.get(f"/diary/sessions/{logged.pk}/delete/").status_code == 200  # asks first
    client.post(f"/diary/sessions/{logged.pk}/delete/")
    assert not Session.objects.exists()


def test_adding_a_device_and_marking_it_cleaned_today(client: Client, ana: User) -> None:
    response = client.post("/diary/devices/new/", {"kind": "dermaroller", "label": "Roller", "needle_mm": "0.5",
                                                   "first_used": days_ago(3).isoformat(), "uses_before": "2"})
    assert response.status_code == 302
    roller = Device.objects.get()
    client.post(f"/diary/devices/{roller.pk}/cleaned/")
    roller.refresh_from_db()
    assert roller.last_sanitised == today()


def test_the_device_list_shows_uses_counted_by_the_core(client: Client, ana: User) -> None:
    roller = device(ana, kind="dermaroller", uses_before=3)
    session(ana, device=roller)
    session(ana, device=roller, date=days_ago(2))
    html = client.get("/diary/devices/").content.decode()
    assert 'data-label="Uses">5</td>' in html


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"kind": "toaster"}, "kind", "Select a valid choice"),
    ({"uses_before": "-1"}, "uses_before", "greater than or equal to 0"),
    ({"retired_on": days_ago(30).isoformat()}, "retired_on", "cannot be replaced before it was first used"),
    ({"first_used": "2999-01-01"}, "first_used", "This date is in the future."),
])
def test_a_bad_device_is_shown_by_its_field_and_not_stored(
        client: Client, ana: User, fields: dict[str, str], field: str, message: str) -> None:
    data = {"kind": "derma_pen", "first_used": days_ago(3).isoformat(), "uses_before": "0", **fields}
    response = client.post("/diary/devices/new/", data)
    assert message in errors_of(response, field)
    assert not Device.objects.exists()


def test_logging_a_reaction_by_days_after_a_session(client: Client, ana: User) -> None:
    logged = session(ana, date=days_ago(5))
    response = client.post("/diary/reactions/new/", {"session": logged.pk, "days_after": "2",
                                                     "symptom": "swelling", "severity": "2"})
    assert response.status_code == 302
    reaction = Reaction.objects.get()
    assert reaction.date == days_ago(3) and reaction.session == logged


def test_a_date_and_days_after_that_disagree_are_refused(client: Client, ana: User) -> None:
    logged = session(ana, date=days_ago(5))
    response = client.post("/diary/reactions/new/", {"session": logged.pk, "days_after": "2",
                                                     "date": days_ago(1).isoformat(), "symptom": "redness",
                                                     "severity": "2"})
    assert "say different days" in errors_of(response, "days_after")
    assert not Reaction.objects.exists()


def test_a_reaction_without_a_date_is_from_today(client: Client, ana: User) -> None:
    client.post("/diary/reactions/new/", {"symptom": "itching", "severity": "1"})
    assert Reaction.objects.get().date == today()


def test_a_reaction_with_a_photo_keeps_the_photo_without_its_metadata(client: Client, ana: User) -> None:
    upload = SimpleUploadedFile("me.jpg", image_bytes(exif=True), content_type="image/jpeg")
    response = client.post("/diary/reactions/new/", {"date": today().isoformat(), "symptom": "redness",
                                                     "severity": "1", "photo": upload})
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert photo.reaction == Reaction.objects.get() and photo.kind == "reaction"
    stored = photo.image.read()
    assert stored.startswith(b"\xff\xd8") and b"mesoplan-test-secret" not in stored and b"Exif" not in stored


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"symptom": "sneezing"}, "symptom", "Select a valid choice"),
    ({"severity": "6"}, "severity", "Select a valid choice"),
    ({"severity": ""}, "severity", "This field is required."),
    ({"days_after": "2"}, "days_after", "Choose the session it follows"),
    ({"date": "2999-01-01"}, "date", "This date is in the future."),
    ({"days_after": "-1"}, "days_after", "greater than or equal to 0"),
])
def test_a_bad_reaction_is_shown_by_its_field_and_not_stored(
        client: Client, ana: User, fields: dict[str, str], field: str, message: str) -> None:
    data = {"date": today().isoformat(), "symptom": "redness", "severity": "2", **fields}
    response = client.post("/diary/reactions/new/", data)
    assert response.status_code == 200
    assert message in errors_of(response, field)
    assert not Reaction.objects.exists()


def test_a_reaction_before_its_session_is_refused(client: Client, ana: User) -> None:
    logged = session(ana, date=days_ago(2))
    response = client.post("/diary/reactions/new/", {"session": logged.pk, "date": days_ago(4).isoformat(),
                                                     "symptom": "redness", "severity": "2"})
    assert "cannot come before the session" in errors_of(response, "date")
    assert not Reaction.objects.exists()


def test_a_reaction_with_a_bad_photo_stores_neither_the_reaction_nor_a_photo(client: Client, ana: User) -> None:
    upload = SimpleUploadedFile("me.jpg", b"not really a jpeg", content_type="image/jpeg")
    response = client.post("/diary/reactions/new/", {"date": today().isoformat(), "symptom": "redness",
                                                     "severity": "2", "photo": upload})
    assert "not a photo we can read" in errors_of(response, "photo")
    assert not Reaction.objects.exists() and not Photo.objects.exists()
