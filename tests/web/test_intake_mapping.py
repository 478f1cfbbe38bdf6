"""The form ↔ intake bookkeeping: rows become entries, and a parser error finds its row and field."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from web_builders import intake_post

from mesoplan.errors import IntakeError
from mesoplan.web.selfcheck import errors
from mesoplan.web.selfcheck.forms import ROW_FORMS, IntakeForm, row_formset
from mesoplan.web.selfcheck.intake_data import build_intake, initial_from_intake

pytestmark = pytest.mark.django_db


def bound(**fields: object) -> tuple[IntakeForm, dict[str, object]]:
    post = RequestFactory().post("/check/", intake_post(**fields)).POST
    form = IntakeForm(post)
    rows = {name: row_formset(name)(post, prefix=name) for name in ROW_FORMS}
    assert form.is_valid() and all(r.is_valid() for r in rows.values())  # type: ignore[attr-defined]
    return form, rows


def test_filled_rows_become_entries_and_remember_their_row() -> None:
    form, rows = bound(**{"medications-TOTAL_FORMS": "3", "medications-0-id": "aspirin",
                          "medications-0-prescribed": "on", "medications-2-id": "garlic",
                          "medications-2-until": "2026-11-20"})
    data, index = build_intake(form, rows)  # type: ignore[arg-type]
    assert data["medications"] == [{"id": "aspirin", "prescribed": True}, {"id": "garlic", "until": "2026-11-20"}]
    assert index["medications"] == [0, 2]


def test_the_person_and_the_device_are_nested_as_the_contract_says() -> None:
    form, rows = bound(age="34", fitzpatrick="3", pregnant="on", device_kind="derma_pen", device_needle_mm="0.25",
                       device_uses="0")
    data, _index = build_intake(form, rows)  # type: ignore[arg-type]
    assert data["person"] == {"age": 34, "fitzpatrick": 3, "pregnant": True}
    assert data["device"] == {"kind": "derma_pen", "needle_mm": 0.25, "uses": 0}


def test_an_intake_fills_the_form_back_including_bare_ids() -> None:
    initial, rows = initial_from_intake({
        "setting": "clinic", "start": "2026-12-01", "person": {"fitzpatrick": 4}, "zones": ["neck"],
        "conditions": ["herpes_simplex_history", {"id": "eczema", "zones": ["neck"]}],
        "device": {"kind": "dermaroller", "needle_mm": 0.5}})
    assert initial["setting"] == "clinic" and initial["fitzpatrick"] == "4" and initial["zones"] == ["neck"]
    assert initial["device_kind"] == "dermaroller" and initial["device_needle_mm"] == 0.5
    assert rows["conditions"] == [{"id": "herpes_simplex_history"}, {"id": "eczema", "zones": ["neck"]}]


@pytest.mark.parametrize(("path", "field"), [
    ("setting", "setting"), ("start", "start"), ("person.age", "age"), ("person.fitzpatrick", "fitzpatrick"),
    ("zones[2]", "zones"), ("goals[0]", "goals"), ("allergies[1]", "allergies"), ("serums[0]", "serums"),
    ("device", "device_kind"), ("device.kind", "device_kind"), ("device.needle_mm", "device_needle_mm"),
    ("device.first_used", "device_first_used"),
])
def test_top_level_paths_land_on_their_field(path: str, field: str) -> None:
    form, rows = bound()
    errors.attach(IntakeError(path, "wrong"), form, rows, {})  # type: ignore[arg-type]
    assert form.errors[field] == ["wrong"]


def test_a_row_path_lands_on_the_row_the_entry_came_from() -> None:
    form, rows = bound(**{"conditions-TOTAL_FORMS": "2", "conditions-1-id": "eczema"})
    errors.attach(IntakeError("conditions[0].zones[1]", "no such zone"), form, rows, {"conditions": [1]})  # type: ignore[arg-type]
    assert rows["conditions"].forms[1].errors["zones"] == ["no such zone"]  # type: ignore[attr-defined]


def test_an_unknown_path_goes_to_the_top_of_the_form_with_its_name() -> None:
    form, rows = bound()
    errors.attach(IntakeError("protocol", "unknown", ("p1",)), form, rows, {})  # type: ignore[arg-type]
    assert form.non_field_errors() == ["protocol: unknown (did you mean: p1?)"]
