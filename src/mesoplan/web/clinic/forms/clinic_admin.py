"""An admin's forms: the clinic's name and its locations (members: `forms.staff`)."""

from __future__ import annotations

from django import forms

from mesoplan.web.clinic.models import Location, Organisation


class OrganisationForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Organisation
        fields = ("name",)

    def clean_name(self) -> str:
        return " ".join(str(self.cleaned_data.get("name", "")).split())  # the field refuses blanks


class LocationForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Location
        fields = ("name", "address")

    def clean_name(self) -> str:
        return " ".join(str(self.cleaned_data.get("name", "")).split())  # the field refuses blanks
