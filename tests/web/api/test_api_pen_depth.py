"""A pen's depth per zone over the API (issue 13): one zone's maximum does not make a clinic session
"with care"; the plan gives each zone its own depth."""

from __future__ import annotations

import pytest
from api_helpers import ApiClient

pytestmark = pytest.mark.django_db

BODY = {"setting": "clinic", "start": "2026-12-01", "zones": ["nose", "cheeks"], "goals": ["acne_scars"],
        "device": {"kind": "professional_pen", "needle_mm": 1.5}}


def test_a_clinic_pen_is_go_with_each_zones_maximum(anonymous: ApiClient) -> None:
    answer = anonymous.post("/api/screen", BODY).json()
    assert answer["verdict"] == "go"
    assert answer["zones"]["nose"]["needle_mm"]["max"] == 0.75
    assert [r["rule"] for r in answer["reasons"]] == ["needle_set_per_zone"]


def test_the_plan_sets_the_pen_per_zone_in_every_session(anonymous: ApiClient) -> None:
    plan = anonymous.post("/api/plan", BODY).json()
    sessions = [e for e in plan["events"] if e["kind"] == "session"]
    assert sessions and all(e["needle_mm_by_zone"] == {"cheeks": 1.5, "nose": 0.75} for e in sessions)
