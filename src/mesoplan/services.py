"""Use cases: the one seam that the CLI, the web pages and the API all call.

Adapters pass plain data and `today`; these functions load the knowledge base
once, parse, and call the pure core. Nothing clinical is decided elsewhere.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from typing import Any, cast

from mesoplan.core.intake import Intake
from mesoplan.core.intake_checks import impossible_answers
from mesoplan.core.intake_fields import field_label
from mesoplan.core.intake_parser import IntakeParser
from mesoplan.core.knowledge import Knowledge
from mesoplan.core.plan_model import Plan
from mesoplan.core.planning import plan
from mesoplan.core.screening import ScreeningResult, screen
from mesoplan.core.serialize import plan_data as plan_json
from mesoplan.core.serialize import protocol_data, screening_data
from mesoplan.errors import IntakeError
from mesoplan.knowledge_loader import load_knowledge


def knowledge() -> Knowledge:
    """The shipped knowledge base, loaded and validated once per process."""
    return load_knowledge()


@lru_cache(maxsize=1)
def _parser() -> IntakeParser:
    return IntakeParser(knowledge())


def parse_intake(data: object, today: date | None = None) -> Intake:
    """Plain intake data → `Intake`; `today` is the default start. Raises `IntakeError`, with its
    `label` (the field as a person sees it) set."""
    try:
        return _parser().parse(data, default_start=today)
    except IntakeError as error:
        raise labelled(error, data) from None


def parse_new_intake(data: object, today: date, default_start: date | None = None) -> Intake:
    """An intake a person enters now: parsed, and refused for an answer no one can give (a last
    dose in the future...). A stored intake is read with `parse_intake`, which keeps accepting
    what it accepted when it was stored (decisions item 10). Raises the first `IntakeError`."""
    intake = parse_intake(data, default_start)
    problems = impossible_answers(cast(Mapping[str, Any], data), today, _parser().days)
    if problems:
        raise labelled(problems[0], data)
    return intake


def intake_problems(data: Mapping[str, Any], today: date) -> tuple[IntakeError, ...]:
    """Every problem of new intake data at once, each labelled, the first one per field (empty: it reads).

    The parser stops at the first mistake; to find the next one, the faulty value is set aside
    (a key left out, the zones reduced to those that can be treated) and the data read again,
    until it reads or a mistake cannot be set aside. The answers no one can give are then added.
    """
    work: dict[str, Any] = copy.deepcopy(dict(data))
    found: dict[str, IntakeError] = {}
    for _ in range(MAX_PROBLEMS):
        try:
            parse_intake(work, today)
        except IntakeError as error:
            if error.field in found:
                break
            found[error.field] = labelled(error, data)
            if not _set_aside(work, error.field):
                break
        else:
            for problem in impossible_answers(work, today):
                found.setdefault(problem.field, labelled(problem, data))
            break
    return tuple(found.values())


MAX_PROBLEMS = 50
_KEY_PATH = re.compile(r"^(?:(\w+)(?:\[(\d+)\])?\.)?(\w+)$")


def _set_aside(work: dict[str, Any], path: str) -> bool:
    """Take the faulty value out of `work` so the next reading goes past it; False when it cannot."""
    if path == "zones" or path.startswith("zones["):
        kb, setting = knowledge(), work.get("setting")
        fits = [z for z in kb.zones if setting in kb.zones[z].settings]
        if not fits:
            return False
        chosen: list[Any] = work["zones"] if isinstance(work.get("zones"), list) else []
        # The zones that can be treated, or one stand-in so the rest of the intake is read.
        work["zones"] = [z for z in chosen if isinstance(z, str) and z in fits] or fits[:1]
        return True
    if path == "start":
        work.pop("start", None)  # the parser then takes today
        return True
    m = _KEY_PATH.match(path)
    if m is None:
        return False
    holder: Any = work
    if m.group(1) is not None:
        holder = work.get(m.group(1))
        if m.group(2) is not None:
            holder = holder[int(m.group(2))] if isinstance(holder, list) and int(m.group(2)) < len(holder) else None
    if not isinstance(holder, dict) or m.group(3) not in holder:
        return False
    del holder[m.group(3)]
    return True


def labelled(error: IntakeError, data: object) -> IntakeError:
    """`error` with its `label`: the field as a person sees it, from the data and the knowledge base."""
    if error.label is None:
        error.label = field_label(error.field, data, knowledge())
    return error


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
    try:
        return plan(screen_intake(intake, base), intake, base, protocol_id, today=today)
    except IntakeError as error:  # the protocol asked for
        raise labelled(error, None) from None


def plan_data(data: Mapping[str, Any], today: date | None = None, protocol_id: str | None = None) -> dict[str, Any]:
    """Plain intake data → the contract's plan JSON; `today` is also the default start. Raises `IntakeError`."""
    return plan_json(plan_intake(parse_intake(data, today), protocol_id, today), knowledge())
