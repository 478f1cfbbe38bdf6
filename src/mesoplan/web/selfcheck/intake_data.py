"""Form values ↔ the contract's intake (plain data), both ways.

Building the intake is bookkeeping only: each filled row becomes one entry, and
where each entry came from is remembered so that an `IntakeError` about
`medications[1].stopped` can be shown next to the right field of the right row.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms

# The intake's list name → the row fields copied into each entry.
ROW_FIELDS = {
    "conditions": ("id", "zones", "until", "note"),
    "medications": ("id", "stopped", "until", "prescribed", "note", "inr"),
    "procedures": ("id", "date", "zones"),
}
PERSON_FIELDS = ("age", "sex", "fitzpatrick", "pregnant", "breastfeeding")
DEVICE_FIELDS = ("needle_mm", "needles", "first_used", "uses")
LIST_FIELDS = ("zones", "goals", "allergies", "serums")

# intake list → for each entry, the index of the form row it came from
RowIndex = dict[str, list[int]]


def _plain(value: Any) -> Any:
    """A form value as JSON-ready intake data."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def build_intake(form: forms.Form, rows: Mapping[str, forms.BaseFormSet[Any]]) -> tuple[dict[str, Any], RowIndex]:
    """The contract's intake from the forms, and which row each list entry came from.

    From valid forms it is the intake to screen; from forms with mistakes it holds what could be
    read (a missing start is left out), so the services can still find every other problem.
    """
    c = getattr(form, "cleaned_data", {})
    data: dict[str, Any] = {"setting": c.get("setting") or "home"}
    if c.get("start") is not None:
        data["start"] = _plain(c["start"])
    person = {k: _plain(c[k]) for k in PERSON_FIELDS if c.get(k) not in (None, "", False)}
    if "fitzpatrick" in person:
        person["fitzpatrick"] = int(person["fitzpatrick"])
    if person:
        data["person"] = person
    for name in LIST_FIELDS:
        if c.get(name):
            data[name] = list(c[name])
    if c.get("device_kind"):
        device = {"kind": c["device_kind"]}
        device |= {k: _plain(c[f"device_{k}"]) for k in DEVICE_FIELDS if c.get(f"device_{k}") is not None}
        data["device"] = device
    index: RowIndex = {}
    for name, formset in rows.items():
        entries, where = [], []
        for i, row in enumerate(formset.forms):
            rc = getattr(row, "cleaned_data", {})
            if not rc.get("id"):
                continue  # a blank row
            entries.append({k: _plain(rc[k]) for k in ROW_FIELDS[name] if rc.get(k) not in (None, "", [], False)})
            where.append(i)
        if entries:
            data[name] = entries
            index[name] = where
    return data, index


def initial_from_intake(data: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """Form and row initial values from a stored intake, to change one's answers."""
    initial: dict[str, Any] = {"setting": data.get("setting", "home"), "start": data.get("start")}
    person = data.get("person") or {}
    initial |= {k: person[k] for k in PERSON_FIELDS if k in person}
    if "fitzpatrick" in initial:
        initial["fitzpatrick"] = str(initial["fitzpatrick"])
    initial |= {k: list(data.get(k) or []) for k in LIST_FIELDS}
    device = data.get("device") or {}
    if device:
        initial["device_kind"] = device.get("kind", "")
        initial |= {f"device_{k}": device[k] for k in DEVICE_FIELDS if k in device}
    rows = {name: [_row_initial(e, keys) for e in data.get(name) or []] for name, keys in ROW_FIELDS.items()}
    return initial, rows


def _row_initial(entry: Any, keys: tuple[str, ...]) -> dict[str, Any]:
    entry = {"id": entry} if isinstance(entry, str) else entry  # the contract allows bare ids
    return {k: entry[k] for k in keys if k in entry}
