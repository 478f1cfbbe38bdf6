"""Screening, planning, protocols and the knowledge base over the API: the CLI's answers and the CLI's errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from api_helpers import ApiClient, assert_error
from django.test import Client
from django.utils import timezone

import mesoplan
from mesoplan import services

pytestmark = pytest.mark.django_db
INTAKE = Path(__file__).resolve().parents[3] / "bench" / "realistic-intake.yaml"


def realistic() -> dict[str, Any]:
    """The benchmark's intake as a program would send it (dates as strings)."""
    return dict(json.loads(json.dumps(yaml.safe_load(INTAKE.read_text()), default=str)))


def test_screening_answers_the_contracts_json_as_the_cli_does(anonymous: ApiClient) -> None:
    response = anonymous.post("/api/screen", realistic())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == services.screen_data(realistic())


def test_screening_and_planning_ask_the_database_nothing(anonymous: ApiClient,
                                                         django_assert_num_queries: Any) -> None:
    """Anonymous calls store nothing, and on the hot path read nothing either (no session, no user)."""
    with django_assert_num_queries(0):
        assert anonymous.post("/api/screen", realistic()).status_code == 200
        assert anonymous.post("/api/plan", realistic()).status_code == 200
        assert anonymous.get("/api/health").status_code == 200


def test_planning_answers_the_contracts_json(anonymous: ApiClient) -> None:
    response = anonymous.post("/api/plan", realistic())
    assert response.status_code == 200
    assert response.json() == services.plan_data(realistic(), today=timezone.localdate())
    assert {"screening", "protocol", "events", "warnings"} <= set(response.json())


def test_planning_takes_the_protocol_named(anonymous: ApiClient) -> None:
    protocol = next(p["id"] for p in services.protocols() if p["setting"] == "home" and not p["default"]) \
        if any(p["setting"] == "home" and not p["default"] for p in services.protocols()) else "home_course"
    response = anonymous.post("/api/plan", {**realistic(), "protocol": protocol})
    assert response.status_code == 200, response.content
    assert response.json()["protocol"]["id"] == protocol


def test_an_unknown_protocol_is_named(anonymous: ApiClient) -> None:
    assert_error(anonymous.post("/api/plan", {**realistic(), "protocol": "home_corse"}), 422, "protocol", "home_corse")


def test_a_protocol_that_is_not_text_is_named(anonymous: ApiClient) -> None:
    assert_error(anonymous.post("/api/plan", {**realistic(), "protocol": 3}), 422, "protocol")


def test_programs_must_give_the_start_date(anonymous: ApiClient) -> None:
    body = realistic()
    del body["start"]
    assert_error(anonymous.post("/api/screen", body), 422, "start", "YYYY-MM-DD")


@pytest.mark.parametrize(("change", "field", "text"), [
    ({"start": "2026-02-30"}, "start", "YYYY-MM-DD"),
    ({"start": "next week"}, "start", "YYYY-MM-DD"),
    ({"medications": [{"id": "aspirin"}, {"id": "isotretinoin", "stopped": "2026-13-01"}]},
     "medications[1].stopped", "YYYY-MM-DD"),
    ({"procedures": [{"id": "chemical_peel", "date": 20261001}]}, "procedures[0].date", "YYYY-MM-DD"),
])
def test_a_bad_date_is_named_by_its_path(anonymous: ApiClient, change: dict[str, Any], field: str, text: str) -> None:
    assert_error(anonymous.post("/api/screen", {**realistic(), **change}), 422, field, text)


@pytest.mark.parametrize(("change", "field", "suggestion"), [
    ({"zones": ["forehead", "cheks"]}, "zones[1]", "cheeks"),
    ({"conditions": [{"id": "exzema"}]}, "conditions[0].id", "eczema"),
    ({"medications": ["isotretinion"]}, "medications[0].id", "isotretinoin"),
    ({"device": {"kind": "dermaroler"}}, "device.kind", "dermaroller"),
    ({"serums": ["hyaluronic"]}, "serums[0]", "hyaluronic_acid"),
    ({"setting": "hom"}, "setting", "home"),
])
def test_a_misspelt_id_is_named_with_the_closest_known_ones(
        anonymous: ApiClient, change: dict[str, Any], field: str, suggestion: str) -> None:
    body = assert_error(anonymous.post("/api/screen", {**realistic(), **change}), 422, field)
    assert suggestion in body["suggestions"]


@pytest.mark.parametrize(("change", "field"), [
    ({"colour": "blue"}, "colour"),
    ({"person": {"age": 40, "height": 170}}, "person.height"),
    ({"medications": [{"id": "aspirin", "dose": 100}]}, "medications[0].dose"),
    ({"device": {"kind": "dermaroller", "needle_mm": 0.5, "brand": "x"}}, "device.brand"),
])
def test_an_unknown_field_is_refused_and_named(anonymous: ApiClient, change: dict[str, Any], field: str) -> None:
    assert_error(anonymous.post("/api/screen", {**realistic(), **change}), 422, field, "unknown field")


def test_the_api_names_the_same_field_and_problem_as_the_cli(anonymous: ApiClient) -> None:
    bad = {**realistic(), "device": {"kind": "derma_pen", "needle_mm": -1}}
    with pytest.raises(mesoplan.IntakeError) as cli:
        services.parse_intake(bad)
    body = assert_error(anonymous.post("/api/screen", bad), 422, cli.value.field)
    assert body["error"] == f"Needle length: {cli.value.problem}"  # the field as a person sees it, then the problem


@pytest.mark.parametrize(("raw", "status", "field"), [
    ("{not json", 400, None), ("", 400, None), ("[]", 422, "intake"), ('"home"', 422, "intake"),
    ("null", 422, "intake"), ("42", 422, "intake"),
])
def test_a_body_that_is_not_an_intake_is_refused_as_a_whole(
        anonymous: ApiClient, raw: str, status: int, field: str | None) -> None:
    for path in ("/api/screen", "/api/plan"):
        assert_error(anonymous.post(path, raw=raw), status, field)


def test_protocols_are_listed_as_the_cli_lists_them(anonymous: ApiClient) -> None:
    response = anonymous.get("/api/protocols")
    assert response.status_code == 200
    assert response.json() == services.protocols()


def test_the_knowledge_base_says_its_version_and_size(anonymous: ApiClient) -> None:
    body = anonymous.get("/api/knowledge").json()
    kb = services.knowledge()
    assert body["version"] == kb.version
    assert body["counts"]["zones"] == len(kb.zones) and body["counts"]["rules"] == len(kb.all_rules())


def test_health_is_ok(anonymous: ApiClient) -> None:
    assert anonymous.get("/api/health").json() == {"status": "ok"}


def test_the_openapi_schema_names_the_api_and_its_version(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    assert schema["info"]["title"] == "mesoplan" and schema["info"]["version"] == mesoplan.__version__
    assert {"/api/screen", "/api/plan", "/api/devices/{id}", "/api/alerts"} <= set(schema["paths"])


def test_every_operation_declares_its_errors_in_the_schema(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            if method in ("post", "put"):
                assert {"400", "422"} <= codes, (method, path)
            if operation.get("security"):
                assert {"401", "403"} <= codes, (method, path)
            if "{id}" in path:
                assert "404" in codes, (method, path)


def test_request_bodies_refuse_unknown_fields_in_the_schema_too(client: Client) -> None:
    components = client.get("/api/openapi.json").json()["components"]["schemas"]
    for name in ("IntakeBody", "PlanBody", "IntakePerson", "DeviceIn", "SessionIn", "ReactionIn"):
        assert components[name]["additionalProperties"] is False, name


def test_the_docs_page_uses_only_files_served_here(client: Client) -> None:
    html = client.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "https://" not in html
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200


def test_an_unknown_api_address_answers_a_json_404(anonymous: ApiClient) -> None:
    assert_error(anonymous.get("/api/nowhere"), 404, text="not found")
    assert_error(anonymous.get("/api/health/"), 404)
