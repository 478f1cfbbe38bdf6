"""docs/api.md's table of endpoints lists exactly the operations of the OpenAPI schema."""

from __future__ import annotations

import re
from pathlib import Path

from mesoplan.web.api.api import api

DOC = Path(__file__).resolve().parents[3] / "docs" / "api.md"
METHOD = re.compile(r"\b(GET|POST|PUT|DELETE|PATCH)\b")
PATH = re.compile(r"(/api/[^`\s?]*)")


def documented() -> set[tuple[str, str]]:
    """(method, path) of every row of the Endpoints table; "same for `/api/x`" repeats the rows above it."""
    text = DOC.read_text(encoding="utf-8")
    table = text[text.index("## Endpoints"):].split("\n## ")[0]
    found: set[tuple[str, str]] = set()
    group: list[tuple[str, str]] = []  # the rows of the last collection and its items
    for line in table.splitlines():
        if not line.startswith("| "):
            continue
        cell = line.split("|")[1]
        paths = PATH.findall(cell)
        if not paths:
            continue
        if cell.strip().startswith("same for"):
            base = group[0][1]
            found |= {(m, p.replace(base, other)) for other in paths for m, p in group}
            continue
        rows = [(m, paths[0]) for m in METHOD.findall(cell)]
        group = group + rows if group and paths[0].startswith(group[0][1] + "/") else rows
        found |= set(rows)
    return found


def test_the_endpoint_table_lists_every_operation_of_the_schema_and_no_other() -> None:
    schema = {(m.upper(), p) for p, methods in api.get_openapi_schema()["paths"].items() for m in methods}
    assert documented() == schema
