"""The self-check's forms. They check types (a date is a date); everything about
what the values mean is left to `services.parse_intake`, whose errors are put
back next to the field they name (`mesoplan.web.selfcheck.errors`).
"""

from __future__ import annotations

import functools
from typing import Any

from django import forms
from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext_lazy as _

from mesoplan.web.front import glossary
from mesoplan.web.front.field_copies import CheaplyCopiedForm
from mesoplan.web.front.oversize import OversizeAwareForm

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NONE_CHOSEN = [("", "—")]
SEX_CHOICES = [("", _("Prefer not to say")), ("female", _("Female")), ("male", _("Male")), ("other", _("Other"))]
FITZPATRICK_CHOICES = [
    ("", _("I don't know")),
    ("1", _("1 — always burns, never tans")),
    ("2", _("2 — usually burns, tans a little")),
    ("3", _("3 — sometimes burns, tans evenly")),
    ("4", _("4 — rarely burns, tans easily")),
    ("5", _("5 — very rarely burns, brown skin")),
    ("6", _("6 — never burns, deeply pigmented skin")),
]


class _KnownIds:
    """A choice field of the knowledge base's ids, checked against the set of ids rather than by walking
    the translated choices (a posted self-check checks some hundred values)."""

    category: str
    serums_only: bool

    def valid_value(self, value: Any) -> bool:
        return str(value) in glossary.ids(self.category, serums_only=self.serums_only)


class KnownIdsField(_KnownIds, forms.MultipleChoiceField):
    pass


class KnownIdField(_KnownIds, forms.ChoiceField):
    pass


def _checkboxes(category: str, serums_only: bool = False) -> forms.MultipleChoiceField:
    field = KnownIdsField(required=False, widget=forms.CheckboxSelectMultiple,
                          choices=lambda: glossary.choices(category, serums_only=serums_only))
    field.category, field.serums_only = category, serums_only
    return field


def _explained_select(category: str) -> forms.ChoiceField:
    """A select that, with htmx, shows what the chosen term means right under it (see `_Row`)."""
    field = KnownIdField(required=False, choices=lambda: [*NONE_CHOSEN, *glossary.choices(category)])
    field.category, field.serums_only = category, False
    return field


@functools.lru_cache(maxsize=16)
def _explain_url(category: str, script_prefix: str) -> str:
    return reverse("front:explain", args=[category])


class IntakeForm(OversizeAwareForm, CheaplyCopiedForm):
    """Everything of the intake that is not a list of dated entries."""

    setting = forms.ChoiceField(label=_("Who will do it?"), widget=forms.RadioSelect, initial="home",
                                choices=[("home", _("I will, at home")), ("clinic", _("A professional, in a clinic"))])
    start = forms.DateField(label=_("When would you like the first session?"), widget=DATE)
    age = forms.IntegerField(label=_("Age"), required=False)
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=SEX_CHOICES)
    fitzpatrick = forms.ChoiceField(label=_("Skin type"), required=False, choices=FITZPATRICK_CHOICES,
                                    help_text=_("How your skin reacts to the sun (the Fitzpatrick scale)."))
    pregnant = forms.BooleanField(label=_("I am pregnant"), required=False)
    breastfeeding = forms.BooleanField(label=_("I am breastfeeding"), required=False)
    zones = _checkboxes("zone")
    zones.label = _("Which areas?")
    goals = _checkboxes("goal")
    goals.label = _("What would you like to improve?")
    allergies = _checkboxes("ingredient")
    allergies.label = _("Allergies")
    device_kind = forms.ChoiceField(label=_("Device"), required=False,
                                    choices=lambda: [("", _("None yet / not sure")), *glossary.choices("device")])
    device_needle_mm = forms.DecimalField(label=_("Needle length (mm)"), required=False, max_digits=5,
                                          decimal_places=2, help_text=_("Printed on the device, such as 0.25 or 0.5."))
    device_needles = forms.IntegerField(label=_("Number of needles"), required=False,
                                        help_text=_("If you know it, such as 540 on a roller."))
    device_first_used = forms.DateField(label=_("First used on"), required=False, widget=DATE,
                                        help_text=_("Leave empty for a new device."))
    device_uses = forms.IntegerField(label=_("Times used already"), required=False, min_value=0)
    serums = _checkboxes("ingredient", serums_only=True)
    serums.label = _("Serums you plan to use")


class _Row(OversizeAwareForm, CheaplyCopiedForm):
    """A row of a list (a condition, a medicine, a procedure): blank rows are skipped."""

    category = ""
    reports_stray_fields = False  # the page's IntakeForm does

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["id"].widget.attrs.update({
            "hx-get": _explain_url(self.category, get_script_prefix()), "hx-trigger": "change",
            "hx-target": "next .explain", "hx-swap": "outerHTML"})

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        others = [k for k, v in cleaned.items() if k != "id" and v not in (None, "", [], False)]
        if others and not cleaned.get("id"):
            self.add_error("id", _("Choose one from the list, or clear this row."))
        return cleaned


class ConditionRow(_Row):
    category = "condition"
    id = _explained_select("condition")
    id.label = _("Condition")
    until = forms.DateField(label=_("Expected to end on"), required=False, widget=DATE,
                            help_text=_("Leave empty if it is still going on."))
    zones = _checkboxes("zone")
    zones.label = _("Only on these areas (optional)")
    note = forms.CharField(label=_("In your own words"), required=False, max_length=500,
                           help_text=_("For “Other condition”: what it is. A professional will look at it."))


class MedicationRow(_Row):
    category = "medication"
    id = _explained_select("medication")
    id.label = _("Medicine or supplement")
    stopped = forms.DateField(label=_("Last dose taken on"), required=False, widget=DATE,
                              help_text=_("If you have stopped."))
    until = forms.DateField(label=_("Will stop on"), required=False, widget=DATE,
                            help_text=_("If a last dose is planned."))
    prescribed = forms.BooleanField(label=_("Prescribed by a doctor"), required=False)
    note = forms.CharField(label=_("In your own words"), required=False, max_length=500,
                           help_text=_("For “Other medicine”: its name and dose. A professional will look at it."))
    inr = forms.FloatField(label=_("Latest INR result"), required=False, min_value=0.1, max_value=20,
                           help_text=_("Only if your dose is set by INR blood tests (warfarin): the number on "
                                       "your latest result, such as 2.5."))


class ProcedureRow(_Row):
    category = "procedure"
    id = _explained_select("procedure")
    id.label = _("Procedure")
    date = forms.DateField(label=_("Done or booked on"), required=False, widget=DATE,
                           help_text=_("If you do not know, leave it empty: the whole wait is then counted "
                                       "from the date of your first session."))
    zones = _checkboxes("zone")
    zones.label = _("On these areas (optional)")


ROWS_SHOWN = 1  # blank rows of each list on a new form; "Add another" adds more
MAX_ROWS = 30
ROW_FORMS: dict[str, type[_Row]] = {"conditions": ConditionRow, "medications": MedicationRow,
                                    "procedures": ProcedureRow}


def row_formset(name: str, extra: int = ROWS_SHOWN) -> type[forms.BaseFormSet[Any]]:
    return forms.formset_factory(ROW_FORMS[name], extra=extra, max_num=MAX_ROWS, validate_max=True,
                                 absolute_max=MAX_ROWS)


class SaveCheckForm(OversizeAwareForm, CheaplyCopiedForm):
    title = forms.CharField(label=_("Name this check"), max_length=100,
                            initial=_("My self-check"))
