"""An import job's refusal kept as its message id and parameters, so that its page says it in the
language of whoever reads it (the worker that refused it writes in no one's language)."""

from __future__ import annotations

from datetime import date
from typing import Any

from mesoplan.errors import IntakeError


def as_data(error: IntakeError) -> dict[str, Any]:
    """The error as JSON data: its field path, message id, parameters and suggestions."""
    data = {"field": error.field, "id": error.message_id, "suggestions": list(error.suggestions),
            "params": {key: _plain(value) for key, value in error.params.items()}}
    if error.label is not None:  # the field as a person sees it ("Last dose of {name}"), with its values
        label_id, values = error.label
        data["label"] = {"id": label_id, "params": {key: _plain(value) for key, value in values.items()}}
    return data


def as_error(data: dict[str, Any]) -> IntakeError:
    """The error `as_data` kept, ready to be written in the reader's language."""
    params = {key: _typed(value) for key, value in dict(data.get("params") or {}).items()}
    error = IntakeError(str(data.get("field", "")), str(data.get("id", "")), tuple(data.get("suggestions") or ()),
                        params)
    label = data.get("label")
    if isinstance(label, dict):
        error.label = (str(label.get("id", "")), {key: _typed(value) for key, value in
                                                  dict(label.get("params") or {}).items()})
    return error


def _plain(value: object) -> object:
    if isinstance(value, date):  # a date stays a date, to be written as the reader's language writes it
        return {"date": value.isoformat()}
    return value if isinstance(value, (str, int, float)) or value is None else str(value)


def _typed(value: object) -> object:
    if isinstance(value, dict) and set(value) == {"date"}:
        return date.fromisoformat(str(value["date"]))
    return value
