"""Calendar event UIDs are each person's own: two people on the same course never share one (a shared
calendar would merge their events), and the same person planning again keeps theirs (a re-import
updates instead of doubling). Nothing about the person appears in clear."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from django.test import Client
from icalendar import Calendar
from web_builders import intake_post, person, saved_check, today

MESOPLAN = Path(sys.executable).with_name("mesoplan")

pytestmark = pytest.mark.django_db


def _uids(ics: bytes) -> list[str]:
    return [str(event["UID"]) for event in Calendar.from_ical(ics).walk("VEVENT")]


def _series(uids: list[str]) -> set[str]:
    """The course's part of each UID (`<event>.<series>@mesoplan`): one per person's course."""
    return {uid.split("@")[0].rsplit(".", 1)[1] for uid in uids}


def _planned_calendar(client: Client, start_in_days: int = 7) -> list[str]:
    answer = client.post("/check/", intake_post(start=(today() + timedelta(days=start_in_days)).isoformat()))
    assert answer.status_code == 302
    response = client.get("/check/answer/plan.ics")
    assert response.status_code == 200
    return _uids(response.content)


def test_two_visitors_on_the_same_course_get_different_uids() -> None:
    first, second = _planned_calendar(Client()), _planned_calendar(Client())
    assert len(first) == len(set(first)) >= 10
    assert not set(first) & set(second)


def test_two_account_holders_on_the_same_course_get_different_uids() -> None:
    ana, bob = Client(), Client()
    ana.force_login(person("ana"))
    bob.force_login(person("bob"))
    assert not set(_planned_calendar(ana)) & set(_planned_calendar(bob))


def test_the_same_person_planning_again_later_keeps_the_uids() -> None:
    ana = Client()
    user = person("ana")
    ana.force_login(user)
    first, moved = _planned_calendar(ana, 60), _planned_calendar(ana, 90)
    assert first == moved and len(_series(first)) == 1
    check = saved_check(user, start=(today() + timedelta(days=35)).isoformat(), zones=["forehead", "cheeks"])
    assert _series(_uids(ana.get(f"/check/saved/{check.pk}/plan.ics").content)) == _series(first)


def test_a_visitor_keeps_the_uids_within_their_visit() -> None:
    visitor = Client()
    assert _planned_calendar(visitor, 60) == _planned_calendar(visitor, 75)


def test_the_uids_carry_no_name_or_account_id() -> None:
    ana = Client()
    user = person("anastasia")
    ana.force_login(user)
    for uid in _planned_calendar(ana):
        local = uid.split("@")[0]
        assert "anastasia" not in uid and f".{user.pk}." not in local
        assert all(c.isalnum() or c in "._-" for c in local)


def _cli_uids(tmp_path: Path, name: str, **changes: object) -> list[str]:
    example = yaml.safe_load((Path(__file__).resolve().parents[2] / "examples" / "contract-intake.yaml").read_text())
    source, ics = tmp_path / f"{name}.yaml", tmp_path / f"{name}.ics"
    source.write_text(yaml.safe_dump({**example, **changes}))
    done = subprocess.run([str(MESOPLAN), "plan", str(source), "--ics", str(ics)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return _uids(ics.read_bytes())


def test_the_cli_gives_two_people_different_uids_and_one_person_the_same_at_another_date(tmp_path: Path) -> None:
    example_person = yaml.safe_load((Path(__file__).resolve().parents[2] / "examples" / "contract-intake.yaml")
                                    .read_text())["person"]
    first = _cli_uids(tmp_path, "first")
    other_person = _cli_uids(tmp_path, "other", person={**example_person, "age": 52})
    assert not set(first) & set(other_person)
    later = _cli_uids(tmp_path, "later", start="2027-01-12")
    assert _series(later) == _series(first) and len(_series(first)) == 1
