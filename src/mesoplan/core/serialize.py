"""Core values → plain JSON-ready data, in the shapes of the contract (§2)."""

from __future__ import annotations

from typing import Any

from mesoplan.core.knowledge import Knowledge, Protocol, rule_grades
from mesoplan.core.plan_model import Plan, PlanEvent, ZonePlan
from mesoplan.core.screening import Reason, ScreeningResult, ZoneResult


def reason_data(reason: Reason, grade: str | None = None) -> dict[str, Any]:
    """One reason as the contract's JSON object; `grade`: the evidence grade of its rule, if graded."""
    return {
        "rule": reason.rule,
        "factor": reason.factor,
        "effect": reason.effect,
        "until": reason.until.isoformat() if reason.until else None,
        "zones": list(reason.zones) if reason.zones is not None else None,
        "message": reason.message,
        "sources": list(reason.sources),
        "grade": grade,
    }


def zone_data(zone: ZoneResult) -> dict[str, Any]:
    """One zone's verdict and needle advice."""
    data: dict[str, Any] = {
        "verdict": zone.verdict,
        "needle_mm": {"max": zone.needle.max_mm, "suggested": zone.needle.suggested_mm} if zone.needle else None,
    }
    if zone.until is not None:
        data["until"] = zone.until.isoformat()
    return data


def screening_data(result: ScreeningResult, knowledge: Knowledge) -> dict[str, Any]:
    """The whole screening result as the contract's JSON document."""
    grades = rule_grades(knowledge)
    return {
        "verdict": result.verdict,
        "setting": result.setting,
        "start": result.start.isoformat(),
        "earliest_start": result.earliest_start.isoformat() if result.earliest_start else None,
        "reasons": [reason_data(r, grades.get(r.rule)) for r in result.reasons],
        "zones": {zone_id: zone_data(z) for zone_id, z in result.zones.items()},
        "disagreements": [disagreement_data(knowledge, d) for d in result.disagreements],
        "knowledge_version": result.knowledge_version,
    }


def _grades(knowledge: Knowledge, codes: tuple[str, ...]) -> dict[str, str]:
    """The evidence grade of each literature source among `codes` (seed facts have none)."""
    grades: dict[str, str] = {}
    for code in codes:
        source = knowledge.sources.get(code)
        if source is not None and source.grade is not None:
            grades[code] = source.grade
    return grades


def disagreement_data(knowledge: Knowledge, disagreement_id: str) -> dict[str, Any]:
    """A disagreement with both sides, mesoplan's decision and why."""
    d = knowledge.disagreements[disagreement_id]
    return {
        "id": d.id,
        "kind": d.kind,
        "topic": d.topic,
        "sides": [{"sources": list(s.sources), "grades": _grades(knowledge, s.sources), "says": s.says}
                  for s in d.sides],
        "decision": d.decision,
        "why": d.why,
    }


# -- plans (contract §3) and protocols (§4) ---------------------------------------------


def protocol_data(protocol: Protocol) -> dict[str, Any]:
    """A protocol as listed by `mesoplan protocols --json`: id, setting, title, sources and its schedule."""
    m = protocol.maintenance
    return {
        "id": protocol.id,
        "setting": protocol.setting,
        "title": protocol.title,
        "summary": protocol.summary,
        "sessions": protocol.sessions,
        "interval_days": protocol.interval_days,
        "maintenance": {"after_months": m.after_months, "every_months": m.every_months, "count": m.count}
        if m is not None else None,
        "max_needle_mm": protocol.max_needle_mm,
        "zones": sorted(protocol.zones),
        "devices": sorted(protocol.devices),
        "default": protocol.default,
        "sources": list(protocol.sources),
        "disagreements": list(protocol.disagreements),
    }


def plan_event_data(event: PlanEvent) -> dict[str, Any]:
    """One dated event; `needle_mm` is the session's longest needle, `needle_mm_by_zone` each zone's."""
    return {
        "date": event.date.isoformat(),
        "end": event.end.isoformat() if event.end else None,
        "kind": event.kind,
        "key": event.key,
        "title": event.title.text,
        "details": "\n".join(d.text for d in event.details),
        "sources": list(event.sources),
        "zones": list(event.zones),
        "needle_mm": event.longest_needle_mm,
        "needle_mm_by_zone": dict(event.needle_mm),
        "pending_clearance": event.pending_clearance,
    }


def zone_plan_data(zone: ZonePlan) -> dict[str, Any]:
    """How one zone is planned: its needle, from when, or why it is left out."""
    return {
        "verdict": zone.verdict,
        "needle_mm": zone.needle_mm,
        "max_mm": zone.max_mm,
        "from": zone.available.isoformat() if zone.available else None,
        "left_out": zone.left_out.text if zone.left_out else None,
    }


def plan_data(plan: Plan, knowledge: Knowledge) -> dict[str, Any]:
    """The whole plan as the contract's JSON document: screening, protocol, events, warnings."""
    first = plan.first_session
    return {
        "screening": screening_data(plan.screening, knowledge),
        "protocol": {"id": plan.protocol.id, "title": plan.protocol.title, "setting": plan.protocol.setting,
                     "sources": list(plan.protocol.sources), "interval_days": plan.interval_days},
        "first_session": first.isoformat() if first else None,
        "zones": {z.zone: zone_plan_data(z) for z in plan.zones},
        "events": [plan_event_data(e) for e in plan.events],
        "warnings": [w.text for w in plan.warnings],
    }
