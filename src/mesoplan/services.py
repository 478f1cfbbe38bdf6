"""Use cases: the one seam that the CLI, the web pages and the API all call.

Adapters pass plain data and `today`; these functions load the knowledge base
once, parse, and call the pure core. Nothing clinical is decided elsewhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from typing import Any

from mesoplan.core.intake import Intake
from mesoplan.core.intake_parser import IntakeParser
from mesoplan.core.knowledge import Knowledge
from mesoplan.core.plan_model import Plan
from mesoplan.core.planning import plan
from mesoplan.core.screening import ScreeningResult, screen
from mesoplan.core.serialize import plan_data as plan_json
from mesoplan.core.serialize import protocol_data, screening_data
from mesoplan.knowledge_loader import load_knowledge


def knowledge() -> Knowledge:
    """The shipped knowledge base, loaded and validated once per process."""
    return load_knowledge()


@lru_cache(maxsize=1)
def _parser() -> IntakeParser:
    return IntakeParser(knowledge())


def parse_intake(data: object, today: date | None = None) -> Intake:
    """Plain intake data → `Intake`; `today` is the default start. Raises `IntakeError`."""
    return _parser().parse(data, default_start=today)


def screen_intake(intake: Intake, kb: Knowledge | None = None) -> ScreeningResult:
    """Screen a parsed intake with the shipped knowledge base (or `kb`: the shipped one with a clinic's policy)."""
    return screen(intake, kb or knowledge())


def screen_data(data: Mapping[str, Any], today: date | None = None) -> dict[str, Any]:
    """Plain intake data → the contract's screening JSON. Raises `IntakeError`."""
    return screening_data(screen_intake(parse_intake(data, today)), knowledge())


def protocols() -> list[dict[str, Any]]:
    """Every protocol of the knowledge base (contract §4), in the order of protocols.yaml."""
    return [protocol_data(p) for p in knowledge().protocols.values()]


def plan_intake(intake: Intake, protocol_id: str | None = None, today: date | None = None,
                kb: Knowledge | None = None) -> Plan:
    """Screen and plan a parsed intake; `today`, when given, keeps preparation out of the past;
    `kb`, when given, is the knowledge base to use (the shipped one with a clinic's policy).

    Raises `IntakeError` (field `protocol`) for an unknown protocol or one that does not fit.
    """
    base = kb or knowledge()
    return plan(screen_intake(intake, base), intake, base, protocol_id, today=today)


def plan_data(data: Mapping[str, Any], today: date | None = None, protocol_id: str | None = None) -> dict[str, Any]:
    """Plain intake data → the contract's plan JSON; `today` is also the default start. Raises `IntakeError`."""
    return plan_json(plan_intake(parse_intake(data, today), protocol_id, today), knowledge())
