"""An `IntakeError`'s field path (`medications[1].stopped`) → the form field it is about.

Errors are translated once, here: the message goes next to the field, and a path
this table does not know goes to the top of the form, never to a 500.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django import forms

from mesoplan.errors import IntakeError
from mesoplan.web.front.errors import full_message, message
from mesoplan.web.selfcheck.intake_data import RowIndex

_ROW = re.compile(r"^(conditions|medications|procedures)\[(\d+)\](?:\.(\w+))?")
_FIELD = re.compile(r"^(\w+)(?:\[\d+\])?(?:\.(\w+))?")
# top-level intake keys that are named differently on the form
_RENAMED = {("person", k): k for k in ("age", "sex", "fitzpatrick", "pregnant", "breastfeeding")}


def attach(error: IntakeError, form: forms.Form, rows: Mapping[str, forms.BaseFormSet[Any]],
           index: RowIndex) -> str | None:
    """Add the error to the field it names, or to the form's top when none fits.

    A field the form itself already found wrong keeps only that message (the parser read the
    intake without it). Returns the `id` of the field's input (for the summary's link), or None.
    """
    text = message(error)
    m = _ROW.match(error.field)
    if m:
        name, entry, key = m.group(1), int(m.group(2)), m.group(3) or "id"
        positions = index.get(name, [])
        if entry < len(positions):
            row = rows[name].forms[positions[entry]]
            return _add(row, key if key in row.fields else None, text)
    m = _FIELD.match(error.field)
    if m:
        top, sub = m.group(1), m.group(2)
        field = _RENAMED.get((top, sub or ""), f"device_{sub or 'kind'}" if top == "device" else top)
        if field in form.fields:
            return _add(form, field, text)
    form.add_error(None, full_message(error))
    return None


def _add(form: forms.Form, field: str | None, text: str) -> str | None:
    if field is None:
        form.add_error(None, text)
        return None
    if not form.has_error(field):
        form.add_error(field, text)
    return form[field].id_for_label
