"""Consent: publishing a text (admin) and signing it (the client, in the clinic or on their own page)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mesoplan.web.clinic.models.sessions import PROCEDURE_CHOICES


class ConsentTextForm(forms.Form):
    procedure = forms.ChoiceField(label=_("Procedure"), choices=PROCEDURE_CHOICES)
    text = forms.CharField(label=_("Text"), max_length=20000, widget=forms.Textarea(attrs={"rows": 12}),
                           help_text=_("It becomes the next version: earlier signatures no longer count as current."))


class SignatureForm(forms.Form):
    # The version the client was shown: refused if another was published in the meantime.
    text_id = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    agree = forms.BooleanField(label=_("I have read this text and I agree to it."))
    signed_name = forms.CharField(label=_("Full name, as signature"), max_length=150)

    def clean_signed_name(self) -> str:
        return " ".join(str(self.cleaned_data.get("signed_name", "")).split())  # the field refuses blanks
