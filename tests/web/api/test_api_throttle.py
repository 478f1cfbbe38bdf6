"""The anonymous API is throttled per address, in a table of the database every server process shares."""

from __future__ import annotations

from typing import Any

import pytest
from api_helpers import ApiClient, assert_error

from mesoplan.web.api.models import AnonymousCalls

pytestmark = pytest.mark.django_db
INTAKE: dict[str, Any] = {"today": "2026-03-01", "zones": ["cheeks"], "goals": ["texture"]}


@pytest.fixture
def three_a_minute(settings: Any) -> None:
    settings.MESOPLAN_API_ANON_RATE = "3/min"


@pytest.mark.usefixtures("three_a_minute")
def test_the_fourth_screening_in_a_minute_gets_a_429_in_the_apis_error_shape_with_retry_after(
        anonymous: ApiClient) -> None:
    for _ in range(3):
        assert anonymous.post("/api/screen", INTAKE).status_code != 429
    refused = anonymous.post("/api/screen", INTAKE)
    assert_error(refused, 429, None, "too many requests")
    assert 1 <= int(refused["Retry-After"]) <= 60


@pytest.mark.usefixtures("three_a_minute")
def test_the_anonymous_endpoints_share_one_allowance_per_address_and_health_is_never_refused(
        anonymous: ApiClient) -> None:
    assert anonymous.post("/api/plan", INTAKE).status_code != 429
    assert anonymous.get("/api/protocols").status_code == 200
    assert anonymous.get("/api/knowledge").status_code == 200
    assert_error(anonymous.post("/api/screen", INTAKE), 429, None, "too many requests")
    assert_error(anonymous.get("/api/protocols"), 429, None, "too many requests")
    for _ in range(10):
        assert anonymous.get("/api/health").status_code == 200


@pytest.mark.usefixtures("three_a_minute")
def test_another_address_has_its_own_allowance(anonymous: ApiClient) -> None:
    for _ in range(4):
        anonymous.client.get("/api/protocols", REMOTE_ADDR="10.0.0.1")
    assert anonymous.client.get("/api/protocols", REMOTE_ADDR="10.0.0.1").status_code == 429
    assert anonymous.client.get("/api/protocols", REMOTE_ADDR="10.0.0.2").status_code == 200


@pytest.mark.usefixtures("three_a_minute")
def test_a_made_up_forwarded_address_does_not_give_a_fresh_allowance(anonymous: ApiClient) -> None:
    for n in range(3):
        anonymous.client.get("/api/protocols", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert anonymous.client.get("/api/protocols", HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429


@pytest.mark.usefixtures("three_a_minute")
def test_the_counts_are_rows_of_the_database_not_one_processs_memory(anonymous: ApiClient) -> None:
    anonymous.get("/api/protocols")
    anonymous.client.get("/api/protocols", REMOTE_ADDR="10.0.0.9")
    assert sorted(AnonymousCalls.objects.values_list("key", flat=True)) == [
        "throttle_anonymous-api_10.0.0.9", "throttle_anonymous-api_127.0.0.1"]


@pytest.mark.usefixtures("three_a_minute")
def test_an_address_quiet_for_a_whole_window_is_forgotten_when_a_new_one_calls(anonymous: ApiClient) -> None:
    AnonymousCalls.objects.create(key="throttle_anonymous-api_10.0.0.8", moments=[1.0], expires=61.0)
    anonymous.client.get("/api/protocols", REMOTE_ADDR="10.0.0.9")
    assert list(AnonymousCalls.objects.values_list("key", flat=True)) == ["throttle_anonymous-api_10.0.0.9"]


def test_switched_off_the_throttle_never_refuses(anonymous: ApiClient, settings: Any) -> None:
    settings.MESOPLAN_API_ANON_RATE = "off"
    for _ in range(10):
        assert anonymous.get("/api/protocols").status_code == 200


def test_the_api_schema_documents_the_429(anonymous: ApiClient) -> None:
    schema = anonymous.get("/api/openapi.json").json()
    assert "429" in schema["paths"]["/api/screen"]["post"]["responses"]
    assert "429" not in schema["paths"]["/api/health"]["get"]["responses"]
