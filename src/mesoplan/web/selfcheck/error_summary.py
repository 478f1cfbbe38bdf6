"""The list of everything to correct, at the top of the form, each line a link to its field.

Seven mistakes are seven lines after one submission, in the order of the page, each naming
the field as the person sees it ("Last dose of Isotretinoin: the date is in the future").
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext

from mesoplan import i18n, services
from mesoplan.core.i18n import fill
from mesoplan.core.intake_fields import field_label

# The form's fields in the order the page shows them (the lists of rows come between), and
# the intake path each stands for, whose label the summary uses.
BEFORE_ROWS = {"setting": "setting", "start": "start", "zones": "zones", "goals": "goals", "age": "person.age",
               "sex": "person.sex", "fitzpatrick": "person.fitzpatrick", "pregnant": "person.pregnant",
               "breastfeeding": "person.breastfeeding"}
AFTER_ROWS = {"allergies": "allergies", "device_kind": "device.kind", "device_needle_mm": "device.needle_mm",
              "device_needles": "device.needles", "device_first_used": "device.first_used",
              "device_uses": "device.uses", "serums": "serums"}


@dataclass(frozen=True)
class Line:
    href: str  # the id of the input to go to, or of the block it is in
    text: str


def summary(form: forms.Form, rows: Mapping[str, forms.BaseFormSet[Any]]) -> list[Line]:
    """Every error of the form and of its rows, in the order of the page."""
    lines = [Line("selfcheck", str(e)) for e in form.non_field_errors()]
    lines += _fields(form, BEFORE_ROWS, {})
    for name, formset in rows.items():
        lines += [Line(f"rows-{name}", str(e)) for e in formset.non_form_errors()]
        # The rows as the intake's list, so a row is named by what was chosen in it ("Last dose of Aspirin").
        entries = {name: [{"id": getattr(row, "cleaned_data", {}).get("id") or row["id"].value()}
                          for row in formset.forms]}
        for i, row in enumerate(formset.forms):
            lines += [Line(f"{name}-row-{i}", str(e)) for e in row.non_field_errors()]
            lines += _fields(row, {f: f"{name}[{i}].{f}" for f in row.fields}, entries)
    others = {f: f for f in form.fields if f not in BEFORE_ROWS and f not in AFTER_ROWS}
    lines += _fields(form, {**AFTER_ROWS, **others}, {})
    return lines


def _fields(form: forms.Form, paths: Mapping[str, str], data: Mapping[str, Any]) -> Iterator[Line]:
    for name, path in paths.items():
        if name not in form.fields or not form.has_error(name):
            continue
        field = form[name]
        found = field_label(path, data, services.knowledge())
        label = i18n.render_label(found, gettext) if found else str(field.label)
        # A group of checkboxes or radios has no single input: the link goes to its first one.
        href = field.id_for_label or f"{field.auto_id}_0"
        for error in field.errors:
            yield Line(href, fill(gettext(i18n.FIELD_AND_PROBLEM), {"field": label, "problem": error}))
