"""A client's basic details (what the front desk takes), and the clinic they belong to."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from mesoplan.web.clinic.forms.common import DATE, choose_among, past_or_today
from mesoplan.web.clinic.models import Client, Organisation
from mesoplan.web.front.display import long_date


class ClientForm(forms.ModelForm):  # type: ignore[type-arg]
    organisation = forms.ModelChoiceField(label=_("Clinic"), queryset=Organisation.objects.none())

    class Meta:
        model = Client
        fields = ("organisation", "name", "birth_date", "sex", "email", "phone", "language", "messages_opt_out")
        widgets = {"birth_date": DATE}  # noqa: RUF012 - Django Meta option

    def __init__(self, *args: Any, organisations: QuerySet[Organisation] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organisations is None or self.instance.pk:
            del self.fields["organisation"]  # a client never moves to another clinic
        else:
            choose_among(self.fields["organisation"], organisations)
            # shown (as a box) only once a possible duplicate was found
            self.fields["another_person"] = forms.BooleanField(
                label=_("It is another person: save anyway"), required=False, widget=forms.HiddenInput)

    def clean_name(self) -> str:
        return " ".join(str(self.cleaned_data.get("name", "")).split())  # the field refuses blanks

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        past_or_today(self, "birth_date")
        if "another_person" in self.fields and not self.errors and not cleaned.get("another_person"):
            same = possible_duplicates(cleaned.get("organisation"), cleaned.get("name", ""),
                                       cleaned.get("birth_date"), cleaned.get("email", ""))
            if same:
                self.fields["another_person"].widget = forms.CheckboxInput()
                raise forms.ValidationError(
                    _("This may be a client already on file: %(clients)s. Open their record instead, or tick "
                      "\"It is another person\" and save again.") % {"clients": "; ".join(same)},
                    code="duplicate")
        return cleaned


def possible_duplicates(organisation: Organisation | None, name: str, birth_date: date | None,
                        email: str) -> list[str]:
    """The clinic's clients with the same name and date of birth, or the same email: "name (born …)"."""
    if organisation is None or not name:
        return []
    same = Q(name__iexact=name, birth_date=birth_date) if birth_date else Q(pk__in=[])
    if email:
        same |= Q(email__iexact=email)
    rows = Client.objects.filter(same, organisation=organisation).order_by("name", "id")[:5]
    return [_("%(name)s (born %(day)s)") % {"name": c.name, "day": long_date(c.birth_date)} if c.birth_date
            else f"{c.name} ({c.email})" for c in rows]
