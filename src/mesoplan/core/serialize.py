"""Core values → plain JSON-ready data, in the shapes of the contract (§2)."""

from __future__ import annotations

from typing import Any

from mesoplan.core.knowledge import Knowledge
from mesoplan.core.screening import Reason, ScreeningResult, ZoneResult


def reason_data(reason: Reason) -> dict[str, Any]:
    """One reason as the contract's JSON object."""
    return {
        "rule": reason.rule,
        "factor": reason.factor,
        "effect": reason.effect,
        "until": reason.until.isoformat() if reason.until else None,
        "zones": list(reason.zones) if reason.zones is not None else None,
        "message": reason.message,
        "sources": list(reason.sources),
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
    return {
        "verdict": result.verdict,
        "setting": result.setting,
        "start": result.start.isoformat(),
        "earliest_start": result.earliest_start.isoformat() if result.earliest_start else None,
        "reasons": [reason_data(r) for r in result.reasons],
        "zones": {zone_id: zone_data(z) for zone_id, z in result.zones.items()},
        "disagreements": [disagreement_data(knowledge, d) for d in result.disagreements],
        "knowledge_version": result.knowledge_version,
    }


def _grades(knowledge: Knowledge, codes: tuple[str, ...]) -> dict[str, str]:
    """The evidence grade of each literature source among `codes` (seed facts have none)."""
    grades = {}
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
