"""The plan digest that clients' rows keep: orjson's fast text is the same value as the JSON encoder's."""

from __future__ import annotations

import json
from datetime import date
from hashlib import sha256
from typing import Any

from hypothesis import HealthCheck, given, settings

from mesoplan.core.intake_parser import IntakeParser
from mesoplan.core.plan_model import Message, PlanEvent
from mesoplan.core.planning import plan
from mesoplan.core.screening import screen
from mesoplan.web.clinic import snapshot
from profiles import examples
from strategies import KB, any_intakes

PARSER = IntakeParser(KB)


def encoder_digest(events: tuple[PlanEvent, ...]) -> str:
    """The digest as first defined: the standard JSON encoder over each event's when, what, where, how deep."""
    items = [[e.date, e.kind, e.key, e.zones, sorted(e.needle_mm.items()), e.pending_clearance] for e in events]
    text = json.dumps(items, separators=(",", ":"), default=str, sort_keys=True)
    return sha256(text.encode()).hexdigest()[:24]


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_intakes())
def test_the_plan_digest_is_the_encoders_for_any_plan(data: dict[str, Any]) -> None:
    intake = PARSER.parse(data)
    events = plan(screen(intake, KB), intake, KB, today=intake.start).events
    assert snapshot.plan_digest(events) == encoder_digest(events)


def test_a_text_that_is_not_ascii_gets_the_encoders_digest_too() -> None:
    events = (PlanEvent(date(2026, 12, 1), "session", "séance-1", Message("x"), zones=("joues",),
                        needle_mm={"joues": 0.5}),)
    assert snapshot.plan_digest(events) == encoder_digest(events)


def test_the_digest_follows_what_changes_in_a_plan() -> None:
    one = PlanEvent(date(2026, 12, 1), "session", "session-1", Message("x"), zones=("cheeks",),
                    needle_mm={"cheeks": 0.5})
    deeper = PlanEvent(date(2026, 12, 1), "session", "session-1", Message("x"), zones=("cheeks",),
                       needle_mm={"cheeks": 1.0})
    reworded = PlanEvent(date(2026, 12, 1), "session", "session-1", Message("y"), zones=("cheeks",),
                         needle_mm={"cheeks": 0.5})
    assert snapshot.plan_digest((one,)) != snapshot.plan_digest((deeper,))
    assert snapshot.plan_digest((one,)) == snapshot.plan_digest((reworded,))  # new wording is no new plan
