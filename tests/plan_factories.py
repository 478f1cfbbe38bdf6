"""Shortcuts for planning tests: plan intake data with the shipped knowledge base, and pick events."""

from __future__ import annotations

from datetime import date
from typing import Any

from factories import intake, medication
from mesoplan.core.intake_parser import IntakeParser
from mesoplan.core.plan_model import Plan, PlanEvent
from mesoplan.core.planning import plan
from mesoplan.core.screening import screen
from mesoplan.knowledge_loader import load_knowledge

KB = load_knowledge()


def planned(data: dict[str, Any], protocol_id: str | None = None, today: date | None = None) -> Plan:
    """Parse, screen and plan intake data."""
    intake = IntakeParser(KB).parse(data)
    return plan(screen(intake, KB), intake, KB, protocol_id, today=today)


def prepared(**fields: Any) -> dict[str, Any]:
    """The base intake of `factories.intake` with a serum to patch test and products a person pauses
    (fish oil, a retinol cream), so that every preparation step of the knowledge base is planned."""
    return intake(serums=["hyaluronic_acid"], medications=[medication("fish_oil"), medication("topical_retinoid")],
                  **fields)


def session_dates(p: Plan, kind: str = "session") -> list[date]:
    """The dates of the course sessions (or of the maintenance sessions)."""
    return [e.date for e in p.events if e.kind == kind]


def event(p: Plan, key: str) -> PlanEvent:
    """The one event with this key."""
    found = [e for e in p.events if e.key == key]
    assert len(found) == 1, f"no single event {key!r} among {[e.key for e in p.events]}"
    return found[0]


def texts(e: PlanEvent) -> list[str]:
    """An event's detail lines in English."""
    return [d.text for d in e.details]


def warning_texts(p: Plan) -> list[str]:
    """The plan's warnings in English."""
    return [w.text for w in p.warnings]
