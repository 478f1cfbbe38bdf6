"""An `Intake` value → the contract's intake as plain data, so that `parse_intake` gives it back equal.

Needed where an intake arrives as a value (a FHIR import) and the clinic stores plain data.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from mesoplan.core.intake import Condition, Intake, Medication, Procedure


def _kept(values: dict[str, Any]) -> dict[str, Any]:
    """Leave out what the intake leaves out (None, False, 0 uses), dates as ISO text, tuples as lists."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        if value is None or value is False:
            continue
        out[key] = value.isoformat() if isinstance(value, date) else list(value) if isinstance(value, tuple) else value
    return out


def _condition(c: Condition) -> dict[str, Any]:
    return _kept({"id": c.id, "zones": c.zones, "until": c.until, "since": c.since,
                  "note": c.note or None})


def _medication(m: Medication) -> dict[str, Any]:
    return _kept({"id": m.id, "stopped": m.stopped, "until": m.until, "prescribed": m.prescribed,
                  "note": m.note or None, "inr": m.inr})


def _procedure(p: Procedure) -> dict[str, Any]:
    return _kept({"id": p.id, "date": p.date, "zones": p.zones})


def intake_data(intake: Intake) -> dict[str, Any]:
    """The intake as the contract's plain data."""
    data: dict[str, Any] = {"setting": intake.setting, "start": intake.start.isoformat()}
    person = {k: v for k, v in asdict(intake.person).items() if v is not None}
    if person:
        data["person"] = person
    lists: dict[str, Any] = {
        "goals": list(intake.goals), "zones": list(intake.zones),
        "conditions": [_condition(c) for c in intake.conditions],
        "medications": [_medication(m) for m in intake.medications],
        "procedures": [_procedure(p) for p in intake.procedures],
        "allergies": list(intake.allergies), "serums": list(intake.serums),
    }
    data |= {key: value for key, value in lists.items() if value}
    if intake.device is not None:
        device = intake.device
        data["device"] = _kept({"kind": device.kind, "needle_mm": device.needle_mm, "needles": device.needles,
                                "first_used": device.first_used, "uses": device.uses or None})
    return data
