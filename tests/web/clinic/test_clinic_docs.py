"""docs/clinic.md's table of roles says what `clinic.access` decides."""

from __future__ import annotations

from pathlib import Path

from mesoplan.web.clinic.access import ROLES_FOR

DOC = Path(__file__).resolve().parents[3] / "docs" / "clinic.md"
COLUMNS = ("admin", "practitioner", "front_desk")


def test_the_roles_table_of_the_docs_matches_the_access_rules() -> None:
    rows = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0] in ROLES_FOR:
            rows[cells[0]] = frozenset(role for role, cell in zip(COLUMNS, cells[1:], strict=True) if cell == "✓")
    assert rows == ROLES_FOR
