"""A short English narrative for each resource of a bundle: FHIR's `text`, status `generated`.

A person reading the bundle in any FHIR viewer sees what each resource is without knowing
mesoplan's codes. The narrative is made from the resource's own data only (so the same
resource always gets the same text), escaped, in the XHTML div R4B requires. The importer
does not read it: the coded data is the record.
"""

from __future__ import annotations

from html import escape
from typing import Any

from mesoplan.exports.fhir_codes import Json

XHTML = "http://www.w3.org/1999/xhtml"


def _shown(concept: Any) -> str:
    """A CodeableConcept as a person reads it: its text, else its first coding's display or code."""
    if not isinstance(concept, dict):
        return ""
    codings = [c for c in concept.get("coding") or () if isinstance(c, dict)]
    return str(concept.get("text") or (codings[0].get("display") or codings[0].get("code") if codings else "") or "")


def _list(concepts: Any) -> str:
    return ", ".join(shown for c in concepts or () if (shown := _shown(c)))


def _when(value: Any) -> str:
    """A date or date-time (a value or already a FHIR string) as FHIR writes it."""
    return str(value.isoformat() if hasattr(value, "isoformat") else value)


def _dated(text: str, day: Any) -> str:
    return f"{text} on {_when(day)}" if day else text


def _patient(r: Json) -> str:
    names = r.get("name") or [{}]
    born = f", born {_when(r['birthDate'])}" if r.get("birthDate") else ""
    return f"Client {names[0].get('text') or '(no name)'}{born}"


def _observation(r: Json) -> str:
    value = r.get("valueInteger", r.get("valueBoolean", _shown(r.get("valueCodeableConcept"))))
    if "effectiveDateTime" in r:  # a reaction after a session
        return _dated(f"Reaction: {_shown(r.get('code'))}, severity {value} of 5", r["effectiveDateTime"])
    if isinstance(value, bool):
        value = "yes" if value else "no"
    return f"Intake: {_shown(r.get('code'))}: {value}"


def _procedure(r: Json) -> str:
    zones = _list(r.get("bodySite"))
    code = r.get("code") or {}
    coded = _shown({"coding": code.get("coding")}) if code.get("coding") else _shown(code)  # the procedure first
    kind = "Session" if r.get("identifier") else "Earlier procedure (from the intake)"
    what = _dated(f"{kind}: {coded}", r.get("performedDateTime"))
    return f"{what}{f' ({zones})' if zones else ''}"


def _medication(r: Json) -> str:
    lot = (r.get("batch") or {}).get("lotNumber")
    return f"Product used: {_shown(r.get('code'))}{f', lot {lot}' if lot else ''}"


def _adverse_event(r: Json) -> str:
    return _dated(f"Adverse reaction: {_shown(r.get('event'))}, {_shown(r.get('severity'))}", r.get("date"))


def _care_plan(r: Json) -> str:
    activities = len(r.get("activity") or ())
    return f"Care plan from {_when((r.get('period') or {}).get('start'))}: {activities} planned items"


def _consent(r: Json) -> str:
    signer = (r.get("performer") or [{}])[0].get("display")
    procedure = _list((r.get("provision") or {}).get("code"))
    return _dated(f"Consent to {procedure}, signed by {signer}", r.get("dateTime"))


SUMMARIES = {
    "Patient": _patient,
    "Observation": _observation,
    "Condition": lambda r: f"Condition: {_shown(r.get('code'))}",
    "MedicationStatement": lambda r: f"Medicine or serum ({r['status']}): {_shown(r.get('medicationCodeableConcept'))}",
    "AllergyIntolerance": lambda r: f"Allergy: {_shown(r.get('code'))}",
    "Goal": lambda r: f"Goal: {_shown(r.get('description'))}",
    "Device": lambda r: f"Device: {_shown(r.get('type'))}",
    "Procedure": _procedure,
    "Medication": _medication,
    "AdverseEvent": _adverse_event,
    "CarePlan": _care_plan,
    "Consent": _consent,
}


def generated(summary: str) -> Json:
    """A `text` element: the summary, escaped, in the XHTML div R4B requires."""
    return {"status": "generated", "div": f'<div xmlns="{XHTML}"><p>{escape(summary, quote=False)}</p></div>'}


def narrative(resource: Json) -> Json:
    """The resource's `text`: a generated narrative saying what it is."""
    return generated(SUMMARIES[str(resource["resourceType"])](resource))
