"""schedule.yaml, thresholds.yaml and the care flags: the planner's and the diary's numbers come from the
knowledge base, with sources, and a file that the code could misread fails to load."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from factories import condition, intake
from mesoplan.core.intake_parser import IntakeParser
from mesoplan.core.knowledge import Knowledge
from mesoplan.core.planning import plan
from mesoplan.core.screening import screen
from mesoplan.core.tracking_reactions import is_red_flag
from mesoplan.errors import KnowledgeError
from mesoplan.knowledge_loader import knowledge_dir, load_knowledge


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the shipped knowledge folder, free to change."""
    copy = tmp_path / "knowledge"
    shutil.copytree(knowledge_dir(), copy)
    return copy


def change(folder: Path, file: str, edit: Callable[[Any], None]) -> None:
    path = folder / file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def load_error(folder: Path) -> tuple[str, str, str]:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(folder)
    return caught.value.file, caught.value.entry, caught.value.key


def care_item(data: list[dict[str, Any]], item_id: str) -> dict[str, Any]:
    return next(item for item in data if item["id"] == item_id)


def planned_event_keys(kb: Knowledge, data: dict[str, Any]) -> list[str]:
    parsed = IntakeParser(kb).parse(data)
    return [e.key for e in plan(screen(parsed, kb), parsed, kb).events]


def test_renaming_a_care_item_the_planner_names_fails_the_load(folder: Path) -> None:
    """`patch_test` renamed would silently drop every patch test: the loader names it instead."""
    change(folder, "care.yaml", lambda d: care_item(d, "patch_test").update(id="skin_test"))
    assert load_error(folder) == ("care.yaml", "patch_test", "-")


def test_a_missing_schedule_file_is_named(folder: Path) -> None:
    (folder / "schedule.yaml").unlink()
    assert load_error(folder)[0] == "schedule.yaml"


def test_an_unknown_key_in_a_schedule_section_is_named(folder: Path) -> None:
    change(folder, "schedule.yaml", lambda d: d["review"].update(after_weeks=12))
    assert load_error(folder) == ("schedule.yaml", "review", "after_weeks")


def test_check_ins_out_of_order_are_refused(folder: Path) -> None:
    change(folder, "schedule.yaml", lambda d: d["check_ins"].reverse())
    assert load_error(folder) == ("schedule.yaml", "-", "check_ins")


def test_a_schedule_number_without_sources_is_refused(folder: Path) -> None:
    change(folder, "schedule.yaml", lambda d: d["pause"].pop("sources"))
    assert load_error(folder) == ("schedule.yaml", "pause", "sources")


def test_a_severe_rating_off_the_diary_scale_is_refused(folder: Path) -> None:
    change(folder, "thresholds.yaml", lambda d: d["severe_reaction"].update(rating=6))
    assert load_error(folder) == ("thresholds.yaml", "severe_reaction", "rating")


def test_a_resume_delay_on_a_step_that_pauses_nothing_is_refused(folder: Path) -> None:
    change(folder, "care.yaml", lambda d: care_item(d, "cleanse_skin").update(
        resume_after={"days": 3, "sources": ["SR1"]}))
    assert load_error(folder) == ("care.yaml", "cleanse_skin", "resume_after")


def test_an_aftercare_item_cannot_be_done_once(folder: Path) -> None:
    change(folder, "care.yaml", lambda d: care_item(d, "sunscreen").update(once=True))
    assert load_error(folder) == ("care.yaml", "sunscreen", "once")


def test_the_planner_takes_its_check_in_days_from_schedule_yaml(folder: Path) -> None:
    """A check-in on day 2 added to schedule.yaml appears after the first session; day 21 removed disappears
    from the last one."""

    def edit(data: dict[str, Any]) -> None:
        data["check_ins"] = [data["check_ins"][0], {"days": 2, "title": "Diary: two days on", "sources": ["SR1"]},
                             data["check_ins"][1]]

    shipped = planned_event_keys(load_knowledge(), intake())
    change(folder, "schedule.yaml", edit)
    changed = planned_event_keys(load_knowledge(folder), intake())
    assert "check-2-1" not in shipped and "check-2-1" in changed
    assert any(k.startswith("check-21-") for k in shipped)
    assert not any(k.startswith("check-21-") for k in changed)


def test_screening_takes_the_partial_zone_effect_from_thresholds_yaml(folder: Path) -> None:
    """Eczema on the cheeks, treating cheeks and forehead, is a caution for the person; with the partial-zone
    effect set to consult in thresholds.yaml it becomes a consult."""
    data = intake(conditions=[condition("eczema", zones=["cheeks"])])

    def verdict(kb: Knowledge) -> str:
        return screen(IntakeParser(kb).parse(data), kb).verdict

    assert verdict(load_knowledge()) == "caution"
    change(folder, "thresholds.yaml", lambda d: d["partial_zone"].update(effect="consult"))
    assert verdict(load_knowledge(folder)) == "consult"


def test_the_diary_takes_the_severe_rating_from_thresholds_yaml(folder: Path) -> None:
    """Swelling (an expected reaction) rated 4 is no red flag; with `severe_reaction.rating: 4` it is."""
    assert not is_red_flag("swelling", 4, load_knowledge()) and is_red_flag("swelling", 5, load_knowledge())
    change(folder, "thresholds.yaml", lambda d: d["severe_reaction"].update(rating=4))
    assert is_red_flag("swelling", 4, load_knowledge(folder))


def test_renaming_the_care_item_behind_the_cleaning_alert_fails_the_load(folder: Path) -> None:
    change(folder, "care.yaml", lambda d: care_item(d, "clean_device_after").update(id="clean_after"))
    assert load_error(folder) == ("care.yaml", "clean_device_after", "-")


def test_a_person_rule_on_a_field_screening_does_not_read_is_refused(folder: Path) -> None:
    """`age` renamed to `years` would never fire: person.yaml's ids are the person's fields."""
    change(folder, "person.yaml", lambda d: care_item(d, "age").update(id="years"))
    assert load_error(folder) == ("person.yaml", "years", "id")
