"""Never a 5xx: every operation, fed the odd inputs that break servers, answers a 4xx in the error shape
(or a 2xx) — and the diary still reviews afterwards, whatever dates were stored."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from api_helpers import ApiClient
from django.test import Client

from mesoplan.web.api.api import api

pytestmark = pytest.mark.django_db

OPERATIONS = [(method.upper(), path) for path, methods in api.get_openapi_schema()["paths"].items()
              for method in methods]
IDS = ["1", "0", "-1", str(2**63 - 1), str(2**63), str(2**64), "1e3", "%20", "null"]
ODD_VALUES: list[Any] = [None, "", "x" * 5000, -1, 0, 2**63, 2**64, 1e308, -1e308, True, [], {}, [None], {"a": 1},
                         "0001-01-01", "9999-12-31", "2026-02-30", "1900-01-01T00:00:00Z"]
ODD_BODIES = ["", "{", "[]", "null", '"text"', "1", "NaN", '{"a": NaN}', '{"needle_mm": Infinity}', "\x00", "{}" * 3]
EXTREME_DATES = ["0001-01-01", "1000-01-01", "2999-12-31", "9999-12-31"]


def _assert_no_server_error(response: Any, what: str) -> None:
    assert response.status_code < 500, (what, response.content[:300])
    if response.status_code >= 400:
        assert {"error", "field"} <= set(response.json()), what


def _intake(**fields: Any) -> dict[str, Any]:
    return {"setting": "home", "start": "2030-03-01", "zones": ["forehead", "cheeks"], **fields}


def _dated_intakes(day: str) -> list[dict[str, Any]]:
    """An intake with `day` in each of its date fields in turn."""
    return [
        _intake(start=day),
        _intake(conditions=[{"id": "common_cold", "until": day}], medications=[{"id": "isotretinoin", "stopped": day}]),
        _intake(conditions=[{"id": "eczema", "since": day}], medications=[{"id": "antibiotic", "until": day}]),
        _intake(procedures=[{"id": "botulinum_toxin", "date": day, "zones": ["forehead"]}]),
        _intake(device={"kind": "dermaroller", "needle_mm": 0.25, "first_used": day, "uses": 100000}),
    ]


CLINIC_PATHS = ("/api/clients/", "/api/sessions/{id}/sign")


def _path(path: str, pk: str) -> str:
    return path.replace("{id}", pk)


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_odd_ids_and_bodies_never_get_a_server_error(ana_api: ApiClient, anonymous: ApiClient, method: str,
                                                     path: str) -> None:
    for caller, pk in itertools.product((ana_api, anonymous), IDS if "{id}" in path else ["-"]):
        _assert_no_server_error(caller.call(method, _path(path, pk)), f"{method} {path} {pk}")
        if method in ("POST", "PUT"):
            for raw in ODD_BODIES:
                _assert_no_server_error(caller.call(method, _path(path, pk), raw=raw), f"{method} {path} {raw!r}")


def _body_schema(method: str, path: str) -> str:
    """The name of the component an operation's JSON body is described by."""
    operation = api.get_openapi_schema()["paths"][path][method.lower()]
    return str(operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]).rsplit("/", 1)[-1]


@pytest.mark.parametrize(("method", "path"), [(m, p) for m, p in OPERATIONS if m in ("POST", "PUT")])
def test_an_odd_value_in_any_known_field_never_gets_a_server_error(ana_api: ApiClient, clinic_api: ApiClient,
                                                                   method: str, path: str) -> None:
    """Clinic operations are called by a practitioner of the clinic (with the ids of its own rows), so that
    the odd values reach the endpoint rather than the access check."""
    fields = api.get_openapi_schema()["components"]["schemas"]
    body_name = _body_schema(method, path)
    caller, pk = (clinic_api, clinic_api.own_id(path)) if path.startswith(CLINIC_PATHS) else (ana_api, "1")
    for field, value in itertools.product(fields[body_name]["properties"], ODD_VALUES):
        body = _intake(**{field: value}) if body_name in ("IntakeBody", "PlanBody") else {field: value}
        _assert_no_server_error(caller.call(method, _path(path, pk), body), f"{path} {field}={value!r}")


@pytest.mark.parametrize("day", EXTREME_DATES)
def test_dates_at_the_ends_of_the_calendar_are_refused_or_answered(anonymous: ApiClient, day: str) -> None:
    for body, path in itertools.product(_dated_intakes(day), ("/api/screen", "/api/plan")):
        _assert_no_server_error(anonymous.post(path, body), f"{path} {body}")


@pytest.mark.parametrize("day", EXTREME_DATES)
def test_the_diary_reviews_whatever_dates_it_was_given(ana_api: ApiClient, day: str) -> None:
    device = ana_api.post("/api/devices", {"kind": "dermaroller", "needle_mm": 0.5, "first_used": day,
                                           "last_sanitised": day})
    _assert_no_server_error(device, f"device {day}")
    session = ana_api.post("/api/sessions", {"date": day, "zones": ["cheeks"],
                                             "device": device.json()["id"] if device.status_code == 201 else None})
    _assert_no_server_error(session, f"session {day}")
    reaction = {"date": day, "symptom": "persisting_reaction", "severity": 3}
    if session.status_code == 201:
        reaction["session"] = session.json()["id"]
    _assert_no_server_error(ana_api.post("/api/reactions", reaction), f"reaction {day}")
    _assert_no_server_error(ana_api.get("/api/alerts"), f"alerts {day}")


def test_an_unexpected_error_is_still_answered_in_the_error_shape(client: Client, monkeypatch: Any) -> None:
    """The last line of defence: a bug is logged and answered as JSON, never as Django's HTML page."""
    from mesoplan import services

    def broken(*args: Any) -> Any:
        raise RuntimeError("a bug")

    monkeypatch.setattr(services, "screen_intake", broken)
    response = client.post("/api/screen", _intake(), content_type="application/json")
    assert response.status_code == 500
    assert response.json() == {"error": "internal error", "field": None, "suggestions": []}
