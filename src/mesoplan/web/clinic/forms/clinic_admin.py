"""An admin's forms: the clinic's name, its members and their roles, its locations."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from mesoplan.web.clinic.models import Location, Organisation
from mesoplan.web.clinic.models.organisation import ROLE_CHOICES


class OrganisationForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Organisation
        fields = ("name",)

    def clean_name(self) -> str:
        return " ".join(str(self.cleaned_data.get("name", "")).split())  # the field refuses blanks


class MemberForm(forms.Form):
    username = forms.CharField(label=_("Username of their account"), max_length=150,
                               help_text=_("They sign up first; then add them here."))
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES)

    def clean_username(self) -> Any:
        user = get_user_model().objects.filter(username=self.cleaned_data.get("username", "").strip()).first()
        if user is None:
            raise forms.ValidationError(_("No account has this username."))
        return user


class LocationForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Location
        fields = ("name", "address")

    def clean_name(self) -> str:
        return " ".join(str(self.cleaned_data.get("name", "")).split())  # the field refuses blanks
