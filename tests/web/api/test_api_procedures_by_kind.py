"""Procedures by kind over the API (issue 13): a filler or toxin holds only the zones it was given in."""

from __future__ import annotations

import pytest
from api_helpers import ApiClient

pytestmark = pytest.mark.django_db

BASE = {"setting": "home", "start": "2026-12-01", "zones": ["forehead", "cheeks"]}


def test_a_toxin_in_the_glabella_leaves_the_treated_zones_free(anonymous: ApiClient) -> None:
    body = {**BASE, "procedures": [{"id": "botulinum_toxin", "date": "2026-11-25", "zones": ["glabella"]}]}
    answer = anonymous.post("/api/screen", body).json()
    assert answer["earliest_start"] == "2026-12-01"
    assert {zone["verdict"] for zone in answer["zones"].values()} == {"go"}


def test_a_medium_peel_on_the_cheeks_postpones_the_cheeks_four_weeks(anonymous: ApiClient) -> None:
    body = {**BASE, "procedures": [{"id": "chemical_peel_medium", "date": "2026-11-25", "zones": ["cheeks"]}]}
    answer = anonymous.post("/api/screen", body).json()
    assert answer["zones"]["cheeks"]["verdict"] == "postpone"
    assert answer["zones"]["cheeks"]["until"] == "2026-12-23"
    assert answer["zones"]["forehead"]["verdict"] == "go"


def test_each_reason_says_its_evidence_grade(anonymous: ApiClient) -> None:
    body = {**BASE, "conditions": [{"id": "smoking"}],
            "procedures": [{"id": "chemical_peel_deep", "date": "2026-11-25"}]}
    reasons = {r["rule"]: r["grade"] for r in anonymous.post("/api/screen", body).json()["reasons"]}
    assert reasons == {"smoking_healing": "A", "chemical_peel_deep_gap": "D"}
