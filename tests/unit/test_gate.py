"""The gate (core/gate.py): what blocks a proposed session, what needs a clearance or an acknowledgement.

The action × block-kind matrix: each kind of block is checked for every action that asks the
gate (plan, book, chart, sign, log, api), and a property checks that every session the planner
makes passes the gate.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from mesoplan.core.gate import ACTIONS, OpenFlag, ProposedSession, ask
from mesoplan.core.intake_parser import IntakeParser
from mesoplan.core.plan_model import NEEDLING
from mesoplan.core.plan_scope import serum_choice
from mesoplan.core.screening import screen
from plan_factories import KB, planned
from plan_strategies import plan_intakes
from profiles import examples

START = date(2026, 12, 1)


def _intake(**fields: Any) -> Any:
    data = {"setting": "clinic", "start": START.isoformat(), "zones": ["forehead", "cheeks"], **fields}
    return IntakeParser(KB).parse(data)


# Each block kind: the intake, the session proposed, and the finding kind expected.
BLOCKS: dict[str, tuple[dict[str, Any], dict[str, Any], str]] = {
    "stop": ({"conditions": [{"id": "herpes_active"}]}, {}, "stop"),
    "postponed": ({"procedures": [{"id": "chemical_peel", "date": (START - timedelta(days=5)).isoformat()}]},
                  {}, "postpone"),
    "needle": ({}, {"needle_mm": {"forehead": 1.5}}, "needle"),
    "serum": ({"allergies": ["hyaluronic_acid"]}, {"serums": ("hyaluronic_acid",)}, "serum"),
    "serum_rule": ({}, {"serums": ("vitamin_c",)}, "serum"),
    "zone": ({}, {"zones": ("forehead", "neck")}, "zone"),
}


# The planner plans only the intake's own zones, so it never proposes a zone that was not screened.
MATRIX = [(action, block) for action in ACTIONS for block in sorted(BLOCKS) if (action, block) != ("plan", "zone")]


@pytest.mark.parametrize(("action", "block"), MATRIX)
def test_every_block_kind_blocks_every_action(action: str, block: str) -> None:
    """Whatever asks, the same thing blocks: the gate does not depend on who asks."""
    intake_fields, session_fields, kind = BLOCKS[block]
    session = ProposedSession(action, START, **{"zones": ("forehead",), **session_fields})  # type: ignore[arg-type]
    answer = ask(_intake(**intake_fields), session, KB)
    assert kind in {f.kind for f in answer.blocks}
    assert not answer.allows(frozenset({f.rule for f in answer.findings}), acknowledged=True)


@pytest.mark.parametrize("action", ACTIONS)
def test_an_open_red_flag_blocks_every_action(action: str) -> None:
    answer = ask(_intake(), ProposedSession(action, START, ("forehead",)), KB,  # type: ignore[arg-type]
                 (OpenFlag("infection_signs", START - timedelta(days=2), "Signs of infection"),))
    assert [f.kind for f in answer.blocks] == ["red_flag"]
    assert "Signs of infection" in answer.blocks[0].params["symptom_name"]


def test_a_wait_blocks_only_until_it_ends() -> None:
    intake = _intake(procedures=[{"id": "chemical_peel", "date": (START - timedelta(days=5)).isoformat()}])
    before = ask(intake, ProposedSession("book", START, ("forehead",)), KB)
    ends = before.blocks[0].until
    assert ends is not None and ends > START
    assert ask(intake, ProposedSession("book", ends - timedelta(days=1), ("forehead",)), KB).blocks
    assert not ask(intake, ProposedSession("book", ends, ("forehead",)), KB).findings


def test_a_consult_needs_a_clearance_that_names_its_rule() -> None:
    answer = ask(_intake(conditions=[{"id": "diabetes_insulin"}]), ProposedSession("sign", START, ("forehead",)), KB)
    assert not answer.blocks and answer.consult_rules == {"diabetes_insulin_consult"}
    assert not answer.allows()
    assert not answer.allows(frozenset({"cardiac_disease_consult"}))
    assert answer.allows(frozenset({"diabetes_insulin_consult"}))


def test_a_caution_needs_an_acknowledgement() -> None:
    answer = ask(_intake(conditions=[{"id": "rosacea"}]), ProposedSession("sign", START, ("cheeks",)), KB)
    assert answer.acknowledgements and not answer.blocks and not answer.clearances
    assert not answer.allows() and answer.allows(acknowledged=True)


def test_a_local_condition_on_another_zone_does_not_block_this_one() -> None:
    intake = _intake(conditions=[{"id": "open_wound", "zones": ["cheeks"]}])
    assert ask(intake, ProposedSession("chart", START, ("cheeks",)), KB).blocks
    assert not ask(intake, ProposedSession("chart", START, ("forehead",)), KB).blocks


def test_a_needle_within_the_zone_passes_and_one_over_it_does_not() -> None:
    intake = _intake()
    allowed = ask(intake, ProposedSession("chart", START, ("forehead",), {"forehead": 1.0}), KB)
    over = ask(intake, ProposedSession("chart", START, ("forehead",), {"forehead": 1.25}), KB)
    assert not allowed.findings
    assert [(f.kind, f.params["max_mm"]) for f in over.blocks] == [("needle", 1.0)]


def test_a_serum_the_planner_keeps_pending_a_clearance_needs_the_clearance_at_the_gate_too() -> None:
    """Tranexamic acid with the pill: a consult, not a block, in the plan and at the gate alike."""
    intake = _intake(medications=[{"id": "hormonal"}])
    answer = ask(intake, ProposedSession("sign", START, ("cheeks",), serums=("tranexamic_acid",)), KB)
    assert not answer.blocks and "tranexamic_acid_thrombosis" in answer.consult_rules


def test_a_session_without_zones_is_blocked() -> None:
    assert ask(_intake(), ProposedSession("api", START, ()), KB).blocks


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan_intakes())
def test_every_session_the_planner_makes_passes_the_gate(data: dict[str, Any]) -> None:
    """No planned session is one the gate would block; a pending one is exactly one that needs a clearance."""
    plan = planned(data)
    intake = IntakeParser(KB).parse(data)
    used = serum_choice(plan.screening, intake, KB).used  # the serums the plan applies
    for event in plan.events:
        if event.kind not in NEEDLING:
            continue
        answer = ask(intake, ProposedSession("plan", event.date, event.zones, dict(event.needle_mm), used), KB)
        assert not answer.blocks, (event.date, event.zones, [f.message_id for f in answer.blocks])
        assert event.pending_clearance == bool(answer.clearances) or plan.screening.verdict == "consult"


def test_the_gate_screens_as_the_screening_does_on_the_day() -> None:
    intake = _intake(medications=[{"id": "isotretinoin", "stopped": (START - timedelta(days=30)).isoformat()}])
    answer = ask(intake, ProposedSession("book", START, ("forehead",)), KB)
    assert answer.screening is not None
    assert answer.screening.verdict == screen(intake, KB).verdict == "postpone"
