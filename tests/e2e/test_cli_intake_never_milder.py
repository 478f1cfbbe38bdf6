"""`mesoplan screen` on YAML intakes whose reading once made the verdict milder (issue 9, item 4).

Each intake is written to a file and screened with `--json`, as a person or a program runs it.
The base intake treats the forehead and the cheeks at home from 2026-12-01.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from test_cli_screen import assert_one_error_line, mesoplan, write_yaml

from factories import condition, intake, procedure


def screened_by_cli(folder: Path, data: dict[str, Any]) -> dict[str, Any]:
    run = mesoplan("screen", str(write_yaml(folder, data)), "--json")
    assert run.returncode == 0, run.stderr
    answer: dict[str, Any] = json.loads(run.stdout)
    return answer


def zone_verdicts(answer: dict[str, Any]) -> dict[str, str]:
    return {zone_id: zone["verdict"] for zone_id, zone in answer["zones"].items()}


@pytest.mark.parametrize(("flag", "condition_id"), [("pregnant", "pregnancy"), ("breastfeeding", "breastfeeding")])
def test_a_pregnant_person_with_a_pregnancy_that_ended_in_the_past_is_still_stopped(
        tmp_path: Path, flag: str, condition_id: str) -> None:
    """`person.pregnant: true` beside a pregnancy listed as ended in October: stop, not go and 8 sessions."""
    answer = screened_by_cli(tmp_path, intake(person={flag: True},
                                              conditions=[condition(condition_id, until=date(2026, 10, 1))]))
    assert answer["verdict"] == "stop"
    assert answer["earliest_start"] is None


@pytest.mark.parametrize("condition_id", ["skin_cancer_in_area", "open_wound", "active_acne", "eczema"])
def test_a_local_condition_with_empty_zones_is_screened_as_on_the_whole_area(tmp_path: Path,
                                                                            condition_id: str) -> None:
    """`zones: []` gives the very answer of the same condition written without `zones`."""
    with_empty = screened_by_cli(tmp_path, intake(conditions=[{"id": condition_id, "zones": []}]))
    without = screened_by_cli(tmp_path, intake(conditions=[condition_id]))
    assert with_empty == without
    assert with_empty["verdict"] in ("consult", "stop")
    assert set(zone_verdicts(with_empty).values()) == {with_empty["verdict"]}


@pytest.mark.parametrize(("procedure_id", "waits_until"), [
    ("botulinum_toxin", "2026-12-15"), ("dermal_filler", "2026-12-29"), ("chemical_peel", "2027-03-01"),
])
def test_an_undated_toxin_filler_or_peel_waits_its_full_wash_out_from_the_start(
        tmp_path: Path, procedure_id: str, waits_until: str) -> None:
    """No date: postponed by the whole wash-out from 2026-12-01, later than the same one done the day before."""
    undated = screened_by_cli(tmp_path, intake(procedures=[procedure_id]))
    yesterday = screened_by_cli(tmp_path, intake(procedures=[procedure(procedure_id, on=date(2026, 11, 30))]))
    assert (undated["verdict"], undated["earliest_start"]) == ("postpone", waits_until)
    assert yesterday["verdict"] == "postpone"
    assert yesterday["earliest_start"] < undated["earliest_start"]


def test_skin_cancer_on_the_cheeks_sends_the_person_to_a_doctor_for_the_forehead_too(tmp_path: Path) -> None:
    """The cheeks are never needled (stop) and the forehead waits for a doctor (consult), not `go`."""
    answer = screened_by_cli(tmp_path, intake(conditions=[condition("skin_cancer_in_area", zones=["cheeks"])]))
    assert answer["verdict"] == "consult"
    assert zone_verdicts(answer) == {"cheeks": "stop", "forehead": "consult"}
    assert "skin_cancer_in_area_consult" in {r["rule"] for r in answer["reasons"]}


@pytest.mark.parametrize("zones", [None, []], ids=["missing", "empty"])
def test_an_intake_without_zones_exits_2_naming_zones(tmp_path: Path, zones: list[str] | None) -> None:
    """No zone to treat is a mistake named on one line, not a `go` with nothing to do."""
    data = {k: v for k, v in intake().items() if k != "zones"}
    if zones is not None:
        data["zones"] = zones
    line = assert_one_error_line(mesoplan("screen", str(write_yaml(tmp_path, data)), "--json"))
    assert line.startswith("error: zones: Areas to treat: choose at least one zone")
