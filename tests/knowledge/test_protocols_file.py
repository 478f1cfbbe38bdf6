"""protocols.yaml: every course of the seeds is there with its sources, and the loader is strict about it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from mesoplan.errors import KnowledgeError
from mesoplan.knowledge_loader import knowledge_dir, load_knowledge

Protocols = list[dict[str, Any]]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the shipped knowledge folder, free to break."""
    copy = tmp_path / "knowledge"
    shutil.copytree(knowledge_dir(), copy)
    return copy


def broken(folder: Path, change: Callable[[dict[str, Any]], None], protocol: str = "home_course") -> KnowledgeError:
    """Change one protocol of the copy and return the error the loader raises."""
    path = folder / "protocols.yaml"
    data: Protocols = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(next(p for p in data if p["id"] == protocol))
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(folder)
    return caught.value


def test_every_course_of_the_seeds_is_a_protocol_citing_it() -> None:
    """000-13 home, 002-09 clinic, 002-27 quick start, 001 scalp after transplant, 002 mesotherapy."""
    protocols = load_knowledge().protocols
    cites = {pid: set(p.sources) for pid, p in protocols.items()}
    assert "000-13" in cites["home_course"]
    assert "002-09" in cites["clinic_course"]
    assert "002-27" in cites["quick_course"]
    assert "001-01" in cites["scalp_after_transplant_home"] and "001-01" in cites["scalp_after_transplant_clinic"]
    assert {"002-05", "002-06", "002-08", "002-09"} <= cites["mesotherapy_clinic"]


def test_the_home_course_never_plans_consecutive_days() -> None:
    """E2: the 000-13 record keeps its source but is spaced at least a week, and explains why."""
    home = load_knowledge().protocols["home_course"]
    assert home.interval_days >= 7 and home.max_needle_mm == 0.5
    assert "E2" in home.disagreements and "four days in a row" in home.adapted


def test_maintenance_is_never_sooner_than_three_months_after_a_course() -> None:
    """D7 holds for every shipped protocol."""
    for protocol in load_knowledge().protocols.values():
        assert protocol.maintenance is not None and protocol.maintenance.after_months >= 3


def test_an_unknown_key_is_refused(folder: Path) -> None:
    """A misspelt key names the file, the entry and the key."""
    error = broken(folder, lambda p: p.update(sesions=3))
    assert (error.file, error.entry, error.key) == ("protocols.yaml", "home_course", "sesions")


def test_an_unknown_key_inside_the_course_is_refused(folder: Path) -> None:
    """Nested mappings are read as strictly as the entry."""
    error = broken(folder, lambda p: p["course"].update(every=7))
    assert (error.entry, error.key) == ("home_course/course", "every")


def test_an_unknown_source_is_refused(folder: Path) -> None:
    """Every code must be a seed fact or a listed reference."""
    error = broken(folder, lambda p: p["sources"].append("Z99"))
    assert error.key == "sources" and "Z99" in error.problem


def test_maintenance_sooner_than_three_months_is_refused(folder: Path) -> None:
    """D7's floor is enforced by the loader, not only by convention."""
    error = broken(folder, lambda p: p["maintenance"].update(after_months=2), "quick_course")
    assert error.key == "maintenance" and "D7" in error.problem


def test_a_step_that_is_not_a_session_step_of_the_setting_is_refused(folder: Path) -> None:
    """Home protocols cannot borrow the clinic's numbing, nor a prep item as a step."""
    error = broken(folder, lambda p: p.update(steps=["clinic_needling"]))
    assert error.key == "steps" and "clinic_needling" in error.problem


def test_a_device_of_another_setting_is_refused(folder: Path) -> None:
    """A meso gun is a clinic device: not in a home protocol."""
    error = broken(folder, lambda p: p["devices"].append("meso_gun"))
    assert error.key == "devices" and "meso_gun" in error.problem


def test_a_needle_ceiling_above_the_setting_is_refused(folder: Path) -> None:
    """A home protocol cannot allow more than the home setting's limit."""
    error = broken(folder, lambda p: p["needle_mm"].update(max=1.5))
    assert error.key == "needle_mm.max"


def test_a_setting_without_a_general_default_protocol_is_refused(folder: Path) -> None:
    """The planner must always find a protocol for a setting: the loader checks one exists."""
    error = broken(folder, lambda p: p.update(default=False))
    assert error.key == "default" and "home" in error.problem
