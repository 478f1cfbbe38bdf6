"""Consent: publishing a text (admin) and signing it (the client, in the clinic or on their own page)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mesoplan.core import signer
from mesoplan.web.clinic import consent_drawing
from mesoplan.web.clinic.models import Client
from mesoplan.web.clinic.models.consent import GUARDIAN_RELATIONS
from mesoplan.web.clinic.models.sessions import PROCEDURE_CHOICES

RELATIONS = (("", "—"), *GUARDIAN_RELATIONS)


class ConsentTextForm(forms.Form):
    procedure = forms.ChoiceField(label=_("Procedure"), choices=PROCEDURE_CHOICES)
    text = forms.CharField(label=_("Text"), max_length=20000, widget=forms.Textarea(attrs={"rows": 12}),
                           help_text=_("It becomes the next version: earlier signatures no longer count as current."))


class SignatureForm(forms.Form):
    """The signature: the text's id, agreement, the typed name, a drawing; a guardian for a minor;
    for staff (`can_confirm`), a confirmation that the signer is the client under another name."""

    # The version the client was shown: refused if another was published in the meantime.
    text_id = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    agree = forms.BooleanField(label=_("I have read this text and I agree to it."))
    guardian_name = forms.CharField(label=_("Parent or guardian's full name"), max_length=150)
    guardian_relation = forms.ChoiceField(label=_("Relation to the client"), choices=RELATIONS)
    signed_name = forms.CharField(label=_("Full name, as signature"), max_length=150)
    name_differs = forms.BooleanField(
        label=_("The signer is the client; the name differs because:"), required=False,
        help_text=_("For staff only: tick it after checking who signs, and say why (a married name, say)."))
    name_differs_reason = forms.CharField(label=_("Why the name differs"), max_length=300, required=False)
    drawing = forms.CharField(label=_("Signature"), required=False, widget=forms.HiddenInput,
                              max_length=consent_drawing.MAX_BYTES * 2)

    def __init__(self, *args: Any, client: Client, minor: bool, can_confirm: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.client, self.minor = client, minor
        if not minor:
            del self.fields["guardian_name"], self.fields["guardian_relation"]
        if minor or not can_confirm:
            del self.fields["name_differs"], self.fields["name_differs_reason"]

    def clean_signed_name(self) -> str:
        return " ".join(str(self.cleaned_data.get("signed_name", "")).split())  # the field refuses blanks

    def clean_drawing(self) -> Any:
        return consent_drawing.decode(self.cleaned_data.get("drawing", ""))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        name = cleaned.get("signed_name")
        if not name:
            return cleaned
        if self.minor:
            guardian = cleaned.get("guardian_name")
            if guardian and not signer.same_name(name, guardian):
                self.add_error("signed_name", _("The guardian signs: type the guardian's name as above."))
            return cleaned
        if signer.same_name(name, self.client.name):
            cleaned["name_differs_reason"] = ""
            return cleaned
        if "name_differs" not in self.fields:
            self.add_error("signed_name", _("This is not the name the clinic has for the client (%(name)s): "
                                            "type it as written there, or ask a member of staff.")
                           % {"name": self.client.name})
        elif not cleaned.get("name_differs"):
            self.add_error("signed_name", _("This is not the client's name (%(name)s): correct it, or confirm "
                                            "below that the signer is the client and say why.")
                           % {"name": self.client.name})
        elif not cleaned.get("name_differs_reason", "").strip():
            self.add_error("name_differs_reason", _("Say why the name differs."))
        return cleaned


class UnlockForm(forms.Form):
    """Taking the tablet back from the locked hand-over screen."""

    password = forms.CharField(label=_("Staff password"), max_length=200,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
