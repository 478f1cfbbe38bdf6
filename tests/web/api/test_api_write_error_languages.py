"""The API's refusals of diary entries, clinic records and bodies too large, in the request's language
(Accept-Language): the field path stays the contract's, the words name the field as the pages do."""

from __future__ import annotations

from typing import Any

import pytest
from api_helpers import ApiClient, assert_error
from django.test import Client
from test_api_clinic_write import _api, _client, _clinic, _session
from test_api_diary import a_session

from mesoplan.web.clinic.models import ClinicSession
from mesoplan.web.records.models import Session

pytestmark = pytest.mark.django_db


def post(api: ApiClient, path: str, body: Any, language: str) -> Any:
    return api.call("POST", path, body, **{"Accept-Language": language})


@pytest.mark.parametrize(("language", "words"), [
    ("en", "Date: This date is in the future."),
    ("ru", "Дата: Эта дата в будущем."),
    ("fr", "Date\u00a0: Cette date est dans le futur."),
])
def test_a_diary_session_in_the_future_is_refused_by_its_label_in_the_requests_language(
        ana_api: ApiClient, language: str, words: str) -> None:
    body = assert_error(post(ana_api, "/api/sessions", a_session(date="2999-01-01"), language), 422, "date")
    assert body["error"] == words
    assert not Session.objects.exists()


@pytest.mark.parametrize(("language", "words"), [
    ("en", "Location: not one of the clinic's locations"),
    ("ru", "Место: это не одно из мест клиники"),
    ("fr", "Lieu\u00a0: ce n'est pas un des lieux du cabinet"),
])
def test_a_clinic_session_at_another_clinics_location_is_refused_in_the_requests_language(
        clinic_api: Any, language: str, words: str) -> None:
    before = ClinicSession.objects.count()
    body = {"date": "2026-01-01", "procedure": "microneedling", "location": 999_999,
            "zones": [{"zone": "forehead", "device_kind": "professional_pen", "needle_mm": 0.5, "passes": 3}]}
    refused = post(clinic_api, f"/api/clients/{clinic_api.client_id}/sessions", body, language)
    assert assert_error(refused, 422, "location")["error"] == words
    assert ClinicSession.objects.count() == before


@pytest.mark.parametrize(("language", "words"), [
    ("ru", "Игла (мм): Укажите длину игл, использованную на этой зоне."),
    ("fr", "Aiguille (mm)\u00a0: Indiquez la longueur d'aiguille utilisée sur cette zone."),
])
def test_a_zone_line_without_its_needle_names_the_field_as_the_chart_does(language: str, words: str) -> None:
    organisation, practitioner, _front = _clinic()
    row = _client(organisation, practitioner)
    body = _session(organisation, zones=[{"zone": "forehead", "device_kind": "professional_pen"}])
    refused = post(_api(practitioner), f"/api/clients/{row.pk}/sessions", body, language)
    assert assert_error(refused, 422, "zones[0].needle_mm")["error"] == words


@pytest.mark.parametrize(("language", "too_large", "no_length"), [
    ("ru", "тело запроса слишком большое: не более 10 МБ",
     "отправьте тело запроса с заголовком Content-Length (потоковое тело не читается)"),
    ("fr", "le corps de la requête est trop volumineux\u00a0: 10 Mo au plus",
     "envoyez le corps de la requête avec un en-tête Content-Length (un corps envoyé en flux n'est pas lu)"),
])
def test_a_body_the_api_will_not_read_is_refused_in_the_requests_language(
        client: Client, language: str, too_large: str, no_length: str) -> None:
    response = client.generic("POST", "/api/screen", b"{}", content_type="application/json",
                              CONTENT_LENGTH=str(11_000_000), HTTP_ACCEPT_LANGUAGE=language)
    streamed = client.generic("POST", "/api/screen", b"", HTTP_TRANSFER_ENCODING="chunked",
                              HTTP_ACCEPT_LANGUAGE=language)
    assert (response.status_code, response.json()["error"]) == (413, too_large)
    assert (streamed.status_code, streamed.json()["error"]) == (411, no_length)
