"""Spacing by depth over the API (issue 13, E6): the plan says the days between sessions and why."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest
from api_helpers import ApiClient

pytestmark = pytest.mark.django_db

BASE = {"setting": "clinic", "start": "2026-12-01", "zones": ["cheeks"]}


def test_a_clinic_plan_for_acne_scars_spaces_its_sessions_four_weeks_apart_and_says_so(anonymous: ApiClient) -> None:
    plan = anonymous.post("/api/plan", {**BASE, "goals": ["acne_scars"]}).json()
    sessions = [date.fromisoformat(e["date"]) for e in plan["events"] if e["kind"] == "session"]
    assert {(b - a).days for a, b in pairwise(sessions)} == {28}
    assert any("not 14 as in this protocol" in w for w in plan["warnings"])


def test_a_clinic_plan_for_fine_lines_keeps_two_weeks(anonymous: ApiClient) -> None:
    plan = anonymous.post("/api/plan", {**BASE, "goals": ["fine_lines"]}).json()
    sessions = [date.fromisoformat(e["date"]) for e in plan["events"] if e["kind"] == "session"]
    assert {(b - a).days for a, b in pairwise(sessions)} == {14}


def test_radio_frequency_microneedling_is_planned_four_weeks_apart_and_the_plan_says_why(
        anonymous: ApiClient) -> None:
    body = {**BASE, "goals": ["fine_lines"], "device": {"kind": "rf_microneedling", "needle_mm": 1.0}}
    plan = anonymous.post("/api/plan", body).json()
    sessions = [date.fromisoformat(e["date"]) for e in plan["events"] if e["kind"] == "session"]
    assert {(b - a).days for a, b in pairwise(sessions)} == {28}
    assert any("whatever the depth" in w for w in plan["warnings"])
