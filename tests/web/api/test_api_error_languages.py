"""The API's errors in the request's language (Accept-Language): the field path stays the contract's,
the words name the field as a person sees it."""

from __future__ import annotations

from typing import Any

import pytest
from api_helpers import ApiClient, assert_error
from web_builders import intake

pytestmark = pytest.mark.django_db

FUTURE_LAST_DOSE = {"medications": [{"id": "aspirin"}, {"id": "isotretinoin", "stopped": "2199-01-01"}]}


def post(api: ApiClient, path: str, body: Any, language: str) -> Any:
    return api.call("POST", path, body, **{"Accept-Language": language})


@pytest.mark.parametrize(("language", "words"), [
    ("en", "Last dose of Isotretinoin (Roaccutane, Accutane): the date is in the future"),
    ("ru", "Изотретиноин (Роаккутан, Акнекутан): последний приём: эта дата ещё не наступила"),
    ("fr", "Isotrétinoïne (Roaccutane, Curacné)\u00a0: dernière prise\u00a0: cette date est dans le futur"),
])
def test_a_last_dose_in_the_future_is_refused_in_the_requests_language(
        anonymous: ApiClient, language: str, words: str) -> None:
    response = post(anonymous, "/api/screen", intake(**FUTURE_LAST_DOSE), language)
    body = assert_error(response, 422, "medications[1].stopped")
    assert body["error"].startswith(words)


def test_a_misspelt_zone_keeps_its_suggestions_apart_in_french(anonymous: ApiClient) -> None:
    response = post(anonymous, "/api/plan", intake(zones=["cheks"]), "fr")
    body = assert_error(response, 422, "zones[0]")
    assert body == {"error": "Zones à traiter\u00a0: «\u00a0cheks\u00a0» ne fait pas partie des choix",
                    "field": "zones[0]", "suggestions": ["cheeks"]}


def test_a_body_that_is_not_json_is_answered_in_russian(anonymous: ApiClient) -> None:
    response = anonymous.call("POST", "/api/screen", raw="{not json", **{"Accept-Language": "ru"})
    assert_error(response, 400, None, "тело запроса — не корректный JSON")


def test_a_last_dose_in_the_past_is_accepted(anonymous: ApiClient) -> None:
    response = post(anonymous, "/api/screen", intake(medications=[{"id": "isotretinoin", "stopped": "2026-01-01"}]),
                    "en")
    assert response.status_code == 200
