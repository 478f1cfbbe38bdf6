"""The plan as JSON (contract §3) and the protocol list (§4), as services return them."""

from __future__ import annotations

import json
from datetime import date

from factories import contract_example, intake
from mesoplan import services
from mesoplan.core.plan_model import EVENT_KINDS

CONTRACT_KEYS = {"screening", "protocol", "events", "warnings"}


def test_plan_json_has_the_contract_shape() -> None:
    """screening, protocol {id, sources}, events with date/kind/title/details/sources, warnings: plain JSON."""
    data = services.plan_data(intake())
    assert set(data) >= CONTRACT_KEYS
    assert data["protocol"]["id"] == "home_course" and "000-13" in data["protocol"]["sources"]
    assert data["screening"]["verdict"] == "go"
    for e in data["events"]:
        assert {"date", "kind", "title", "details", "sources", "pending_clearance"} <= set(e)
        assert e["kind"] in EVENT_KINDS
        date.fromisoformat(e["date"])
    assert [e["date"] for e in data["events"]] == sorted(e["date"] for e in data["events"])
    assert json.loads(json.dumps(data)) == data


def test_a_session_gives_its_zones_its_longest_needle_and_each_zone_needle() -> None:
    """`needle_mm` is one number, as in the contract's example; `needle_mm_by_zone` adds the detail."""
    session = next(e for e in services.plan_data(intake())["events"] if e["kind"] == "session")
    assert session["zones"] == ["cheeks", "forehead"]
    assert session["needle_mm"] == 0.5
    assert session["needle_mm_by_zone"] == {"cheeks": 0.5, "forehead": 0.25}


def test_the_contract_example_plans_pending_clearance_from_first_february() -> None:
    """The contract's intake: consult (prescribed aspirin, nickel) and isotretinoin until 1 Feb 2027."""
    data = services.plan_data(contract_example())
    sessions = [e for e in data["events"] if e["kind"] in ("session", "maintenance")]
    assert sessions[0]["date"] == "2027-02-01"
    assert all(e["pending_clearance"] for e in sessions)
    assert data["zones"]["cheeks"]["left_out"] is not None  # eczema there
    assert data["first_session"] == "2027-02-01"


def test_today_is_the_default_start_of_plan_data() -> None:
    """An intake without `start` is planned from `today`, with the patch test of its serum a week ahead."""
    data = services.plan_data({"setting": "home", "zones": ["cheeks"], "serums": ["hyaluronic_acid"]},
                              today=date(2027, 3, 1))
    assert data["first_session"] == "2027-03-08"


def test_without_a_serum_or_a_product_to_pause_the_course_may_start_today() -> None:
    """Nothing to patch test and nothing to pause: no preparation holds the first session back."""
    data = services.plan_data({"setting": "home", "zones": ["cheeks"]}, today=date(2027, 3, 1))
    assert data["first_session"] == "2027-03-01"
    assert not [e for e in data["events"] if e["key"].startswith(("prep-patch_test", "prep-pause"))]


def test_protocols_lists_id_setting_title_and_sources() -> None:
    """Contract §4: every protocol with its id, setting, title and sources; the seeds' courses are all there."""
    rows = services.protocols()
    assert {"home_course", "clinic_course", "quick_course", "scalp_after_transplant_home",
            "scalp_after_transplant_clinic", "mesotherapy_clinic"} <= {r["id"] for r in rows}
    for row in rows:
        assert {"id", "setting", "title", "sources"} <= set(row) and row["sources"]
    seeds = {code for r in rows for code in r["sources"]}
    assert {"000-13", "002-09", "002-27", "001-01", "002-06"} <= seeds
