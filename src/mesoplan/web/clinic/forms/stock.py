"""A lot of a product received into the clinic's stock."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mesoplan.web.clinic.forms.common import DATE, past_or_today
from mesoplan.web.clinic.models import StockLot
from mesoplan.web.front import glossary


class StockLotForm(forms.ModelForm[StockLot]):
    ingredient = forms.ChoiceField(label=_("Ingredient"), choices=lambda: [("", "—"), *glossary.choices("ingredient")])

    class Meta:
        model = StockLot
        fields = ("product_name", "ingredient", "lot", "expiry", "quantity_received", "received_on")
        widgets = {"expiry": DATE, "received_on": DATE}  # noqa: RUF012 - Django Meta option

    def clean_lot(self) -> str:
        return str(self.cleaned_data["lot"]).strip()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        past_or_today(self, "received_on")
        return cleaned
