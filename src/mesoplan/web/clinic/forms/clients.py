"""A client's basic details (what the front desk takes), and the clinic they belong to."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from mesoplan.web.clinic.forms.common import DATE, choose_among, past_or_today
from mesoplan.web.clinic.models import Client, Organisation


class ClientForm(forms.ModelForm):  # type: ignore[type-arg]
    organisation = forms.ModelChoiceField(label=_("Clinic"), queryset=Organisation.objects.none())

    class Meta:
        model = Client
        fields = ("organisation", "name", "birth_date", "sex", "email", "phone", "language")
        widgets = {"birth_date": DATE}  # noqa: RUF012 - Django Meta option

    def __init__(self, *args: Any, organisations: QuerySet[Organisation] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organisations is None or self.instance.pk:
            del self.fields["organisation"]  # a client never moves to another clinic
        else:
            choose_among(self.fields["organisation"], organisations)

    def clean_name(self) -> str:
        return " ".join(str(self.cleaned_data.get("name", "")).split())  # the field refuses blanks

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        past_or_today(self, "birth_date")
        return cleaned
