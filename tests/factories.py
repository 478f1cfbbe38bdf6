"""Builders of intake dicts (contract §1) and a shortcut to screen them with the shipped base.

Every builder returns plain data, as a person or a program would send it; tests
override only the fields they are about.
"""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from mesoplan.core.intake_parser import IntakeParser
from mesoplan.core.screening import Reason, ScreeningResult, screen
from mesoplan.knowledge_check import BASE_EXAMPLE
from mesoplan.knowledge_loader import load_knowledge

REPO = Path(__file__).resolve().parents[1]
CONTRACT_EXAMPLE = REPO / "examples" / "contract-intake.yaml"
START = BASE_EXAMPLE["start"]  # 2026-12-01, the start date of every rule example

Data = dict[str, Any]


def intake(**fields: Any) -> Data:
    """The rule examples' base intake (home, 2026-12-01, forehead and cheeks) with `fields` replaced."""
    return {**copy.deepcopy(BASE_EXAMPLE), **fields}


def condition(id_: str, /, *, zones: list[str] | None = None, until: date | None = None) -> Data:
    """A condition entry; without `until` it is active now."""
    return _entry(id_, zones=zones, until=until)


def medication(id_: str, /, *, stopped: date | None = None, until: date | None = None,
               prescribed: bool | None = None, inr: float | None = None) -> Data:
    """A medication entry; with neither `stopped` nor `until` it is still being taken; `inr`: its latest result."""
    return _entry(id_, stopped=stopped, until=until, prescribed=prescribed, inr=inr)


def procedure(id_: str, /, *, on: date | None = None, zones: list[str] | None = None) -> Data:
    """Another procedure, done or booked `on` a date."""
    return _entry(id_, date=on, zones=zones)


def device(kind: str = "dermaroller", **fields: Any) -> Data:
    """A device entry; a new roller (no uses) unless `fields` say otherwise."""
    return {"kind": kind, **fields}


def contract_example() -> Data:
    """The example intake of the interface contract, as shipped in examples/."""
    data: Data = yaml.safe_load(CONTRACT_EXAMPLE.read_text(encoding="utf-8"))
    return data


def screened(data: Data) -> ScreeningResult:
    """Parse and screen intake data with the shipped knowledge base."""
    kb = load_knowledge()
    return screen(IntakeParser(kb).parse(data), kb)


def reason(result: ScreeningResult, rule: str) -> Reason:
    """The one reason a rule (or check) gave in a result; fails if it gave none or several."""
    found = [r for r in result.reasons if r.rule == rule]
    assert len(found) == 1, f"expected one reason from {rule!r}, got {[r.rule for r in result.reasons]}"
    return found[0]


def rules_of(result: ScreeningResult) -> set[str]:
    """The ids of the rules and checks that gave a reason."""
    return {r.rule for r in result.reasons}


def _entry(id_: str, /, **fields: Any) -> Data:
    return {"id": id_, **{key: value for key, value in fields.items() if value is not None}}
