"""The worked examples of docs/screening.md give, when screened, exactly the figures the page shows."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
import yaml

from factories import REPO, screened

DOC = REPO / "docs" / "screening.md"
ZONE_ROW = re.compile(r"^\| ([a-z_]+) \| (\w+) \| ([\d.]+) \| ([\d.]+) \| ([\d-]*) ?\|$", re.MULTILINE)
SUMMARY = re.compile(r"→ verdict \*\*(\w+)\*\*, earliest start \*\*([\d-]+|none)\*\*")


def examples() -> list[tuple[str, str]]:
    """(title, section text) of every worked example."""
    sections = re.split(r"^### (Example \d+)", DOC.read_text(encoding="utf-8"), flags=re.MULTILINE)
    return list(zip(sections[1::2], sections[2::2], strict=True))


def intake_of(section: str) -> dict[str, Any]:
    block = re.search(r"```yaml\n(.*?)```", section, re.DOTALL)
    assert block is not None, "the example has no ```yaml block"
    data: dict[str, Any] = yaml.safe_load(block.group(1))
    return data


EXAMPLES = examples()


def test_the_page_has_nine_worked_examples() -> None:
    """docs/screening.md keeps its nine worked examples (6 to 9: the rule kinds of issue 13)."""
    assert [title for title, _ in EXAMPLES] == [f"Example {n}" for n in range(1, 10)]


@pytest.mark.parametrize(("title", "section"), EXAMPLES, ids=[title for title, _ in EXAMPLES])
def test_a_worked_example_gives_the_verdict_and_earliest_start_it_shows(title: str, section: str) -> None:
    """The example's `→ verdict …, earliest start …` line is what screening its intake returns."""
    summary = SUMMARY.search(section)
    assert summary is not None, f"{title} has no summary line"
    result = screened(intake_of(section))
    earliest = "none" if result.earliest_start is None else result.earliest_start.isoformat()
    assert (result.verdict, earliest) == summary.groups()


@pytest.mark.parametrize(("title", "section"), EXAMPLES, ids=[title for title, _ in EXAMPLES])
def test_a_worked_example_gives_the_zone_table_it_shows(title: str, section: str) -> None:
    """Each row of the example's zone table (verdict, max, suggested, from) is what screening returns."""
    shown = {zone: (verdict, float(most), float(suggested), date.fromisoformat(until) if until else None)
             for zone, verdict, most, suggested, until in ZONE_ROW.findall(section)}
    result = screened(intake_of(section))
    got = {zone_id: (z.verdict, z.needle.max_mm if z.needle else None, z.needle.suggested_mm if z.needle else None,
                     z.until) for zone_id, z in result.zones.items()}
    assert shown == got
