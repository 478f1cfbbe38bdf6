"""A form's first problem as the API's `IntakeError`: the field path the contract names, the field's
label as the page shows it and the form's message, both already in the request's language."""

from __future__ import annotations

from typing import Any

from django.forms.utils import pretty_name

from mesoplan.errors import IntakeError


def first_form_error(form: Any, prefix: str = "") -> IntakeError:
    """`prefix.field` (or `prefix` for the whole form), labelled as the form labels the field.

    The form's messages and labels are lazy translations read in the language the request
    activated; the API's error handler then writes "label: problem" (`i18n.error_text`)."""
    field, messages = next(iter(form.errors.items()))
    whole = field == "__all__"
    path = prefix if whole else (f"{prefix}.{field}" if prefix else field)
    error = IntakeError(path, str(messages[0]))
    known = form.fields.get(field) if not whole else None
    if known is not None:
        error.label = (str(known.label if known.label is not None else pretty_name(field)), {})
    return error


def labelled(error: IntakeError, label: str) -> IntakeError:
    """`error` with the field named as the clinic's pages name it (`label`, an English message id)."""
    error.label = (label, {})
    return error
