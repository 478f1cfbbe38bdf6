"""`POST /api/screen` and `/api/plan` on intakes whose reading once made the verdict milder (issue 9, item 4)."""

from __future__ import annotations

from typing import Any

import pytest
from api_helpers import ApiClient, assert_error

pytestmark = pytest.mark.django_db


def an_intake(**fields: Any) -> dict[str, Any]:
    """Home, from 2026-12-01, on the forehead and the cheeks, as a program sends it."""
    return {"setting": "home", "start": "2026-12-01", "zones": ["forehead", "cheeks"], **fields}


def screened(api: ApiClient, body: dict[str, Any]) -> dict[str, Any]:
    response = api.post("/api/screen", body)
    assert response.status_code == 200, response.content
    answer: dict[str, Any] = response.json()
    return answer


def test_pregnant_with_a_past_pregnancy_listed_is_stopped_and_planned_nothing(anonymous: ApiClient) -> None:
    """The flag and the ended entry combine to the stricter: stop, and the plan holds no session."""
    body = an_intake(person={"pregnant": True}, conditions=[{"id": "pregnancy", "until": "2026-10-01"}])
    assert screened(anonymous, body)["verdict"] == "stop"
    plan = anonymous.post("/api/plan", body).json()
    assert [e for e in plan["events"] if e["kind"] == "session"] == []


def test_empty_zones_on_an_open_wound_answer_as_no_zones(anonymous: ApiClient) -> None:
    """`zones: []` on a local condition is the whole treated area: every zone stopped, as without `zones`."""
    with_empty = screened(anonymous, an_intake(conditions=[{"id": "open_wound", "zones": []}]))
    assert with_empty == screened(anonymous, an_intake(conditions=["open_wound"]))
    assert {z["verdict"] for z in with_empty["zones"].values()} == {"stop"}


def test_an_undated_toxin_injection_postpones_by_its_whole_wash_out(anonymous: ApiClient) -> None:
    """A toxin injection with no date: postponed 14 days from the start, and no session before then."""
    body = an_intake(procedures=[{"id": "botulinum_toxin"}])
    answer = screened(anonymous, body)
    assert (answer["verdict"], answer["earliest_start"]) == ("postpone", "2026-12-15")
    sessions = [e["date"] for e in anonymous.post("/api/plan", body).json()["events"] if e["kind"] == "session"]
    assert sessions and min(sessions) >= "2026-12-15"


def test_an_undated_toxin_in_the_forehead_holds_the_forehead_its_whole_wash_out(anonymous: ApiClient) -> None:
    """Toxin waits are zone by zone (issue 13): the forehead waits 14 days from the start, the cheeks do not."""
    body = an_intake(procedures=[{"id": "botulinum_toxin", "zones": ["forehead"]}])
    answer = screened(anonymous, body)
    assert answer["zones"]["forehead"] == {**answer["zones"]["forehead"], "verdict": "postpone",
                                           "until": "2026-12-15"}
    assert answer["zones"]["cheeks"]["verdict"] == "go"
    plan = anonymous.post("/api/plan", body).json()
    forehead = [e["date"] for e in plan["events"] if e["kind"] == "session" and "forehead" in e["zones"]]
    assert forehead and min(forehead) >= "2026-12-15"


def test_skin_cancer_on_the_cheeks_leaves_no_zone_at_go(anonymous: ApiClient) -> None:
    answer = screened(anonymous, an_intake(conditions=[{"id": "skin_cancer_in_area", "zones": ["cheeks"]}]))
    assert answer["verdict"] == "consult"
    assert {zone_id: z["verdict"] for zone_id, z in answer["zones"].items()} == {"cheeks": "stop",
                                                                                  "forehead": "consult"}


@pytest.mark.parametrize("path", ["/api/screen", "/api/plan"])
@pytest.mark.parametrize("zones", [None, []], ids=["missing", "empty"])
def test_an_intake_without_zones_is_a_422_naming_zones(anonymous: ApiClient, path: str,
                                                       zones: list[str] | None) -> None:
    body = {k: v for k, v in an_intake().items() if k != "zones"}
    if zones is not None:
        body["zones"] = zones
    assert_error(anonymous.post(path, body), 422, "zones", "at least one zone")


def test_the_schema_requires_at_least_one_zone(anonymous: ApiClient) -> None:
    """The OpenAPI schema says what the contract says: `zones` is required, with one item at least."""
    intake = anonymous.get("/api/openapi.json").json()["components"]["schemas"]["IntakeBody"]
    assert "zones" in intake["required"]
    assert intake["properties"]["zones"]["minItems"] == 1
