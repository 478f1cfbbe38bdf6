"""Each self-check form gets fields of its own, as with Django's deep copy: what one form changes in its
fields (a widget's attributes, an error message, a validator, new choices) no other form sees."""

from __future__ import annotations

from django import forms

from mesoplan.web.front.field_copies import CheaplyCopiedFields, CheaplyCopiedForm
from mesoplan.web.selfcheck.forms import ConditionRow, IntakeForm


class _Split(CheaplyCopiedForm):
    when = forms.SplitDateTimeField()  # a multi-value field with a multi-widget: copied by Django
    sex = forms.ChoiceField(choices=[("f", "Female"), ("m", "Male")])


def test_the_self_check_forms_keep_their_fields_in_the_cheap_copy() -> None:
    assert isinstance(IntakeForm.base_fields, CheaplyCopiedFields)
    assert isinstance(ConditionRow.base_fields, CheaplyCopiedFields)
    assert list(ConditionRow.base_fields) == ["id", "until", "zones", "note"]


def test_what_one_form_changes_in_its_fields_no_other_form_sees() -> None:
    first, second = ConditionRow(prefix="a"), ConditionRow(prefix="b")
    first.fields["id"].widget.attrs["data-mine"] = "1"
    first.fields["note"].error_messages["required"] = "mine"
    first.fields["note"].validators.append(lambda value: None)
    first.fields["zones"].choices = [("cheeks", "Cheeks")]
    assert "data-mine" not in second.fields["id"].widget.attrs
    assert "data-mine" not in ConditionRow.base_fields["id"].widget.attrs
    assert second.fields["note"].error_messages["required"] != "mine"
    assert len(second.fields["note"].validators) == len(ConditionRow.base_fields["note"].validators)
    assert len(list(second.fields["zones"].choices)) > 1
    assert first.fields["id"] is not second.fields["id"] is not ConditionRow.base_fields["id"]
    assert type(first.fields["id"]) is type(ConditionRow.base_fields["id"])


def test_the_row_forms_own_htmx_attributes_stay_on_each_row() -> None:
    row = ConditionRow(prefix="conditions-0")
    assert row.fields["id"].widget.attrs["hx-trigger"] == "change"
    assert "hx-trigger" not in ConditionRow.base_fields["id"].widget.attrs


def test_fields_with_copies_of_their_own_are_copied_whole() -> None:
    first, second = _Split(), _Split()
    first.fields["when"].widget.widgets[0].attrs["data-mine"] = "1"
    assert "data-mine" not in second.fields["when"].widget.widgets[0].attrs
    assert first.fields["when"].fields[0] is not second.fields["when"].fields[0]
    first.fields["sex"].widget.attrs["data-mine"] = "1"
    assert "data-mine" not in second.fields["sex"].widget.attrs
