"""An anticoagulant's INR over the API (issue 13): an optional field of the medication entry."""

from __future__ import annotations

import pytest
from api_helpers import ApiClient

pytestmark = pytest.mark.django_db

BASE = {"setting": "clinic", "start": "2026-12-01", "zones": ["forehead", "cheeks"]}


def test_an_inr_above_the_limit_gives_stop_with_its_grade(anonymous: ApiClient) -> None:
    body = {**BASE, "medications": [{"id": "anticoagulant", "prescribed": True, "inr": 3.8}]}
    answer = anonymous.post("/api/screen", body).json()
    assert answer["verdict"] == "stop"
    reasons = {r["rule"]: r for r in answer["reasons"]}
    assert reasons["anticoagulant_inr_above"]["grade"] == "C"
    assert "3.8" in reasons["anticoagulant_inr_above"]["message"]


def test_an_inr_in_range_is_noted_and_the_prescriber_still_decides(anonymous: ApiClient) -> None:
    body = {**BASE, "medications": [{"id": "anticoagulant", "prescribed": True, "inr": 2.5}]}
    answer = anonymous.post("/api/screen", body).json()
    assert answer["verdict"] == "consult"
    assert {r["rule"] for r in answer["reasons"]} >= {"anticoagulant_inr_recorded", "anticoagulant_prescriber"}


def test_an_inr_of_zero_is_refused_naming_the_field(anonymous: ApiClient) -> None:
    body = {**BASE, "medications": [{"id": "anticoagulant", "inr": 0}]}
    response = anonymous.post("/api/screen", body)
    assert response.status_code == 422
    assert response.json()["field"] == "medications[0].inr"
