"""Importing a client from a FHIR R4B bundle."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from mesoplan.web.clinic.forms.common import choose_among
from mesoplan.web.clinic.models import Organisation

MAX_BUNDLE_BYTES = 5 * 1024 * 1024


class ImportForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Into the clinic"), queryset=Organisation.objects.none())
    bundle = forms.FileField(label=_("FHIR bundle (.json)"),
                             widget=forms.ClearableFileInput(attrs={"accept": "application/fhir+json,.json"}))

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_among(self.fields["organisation"], organisations)

    def clean_bundle(self) -> bytes:
        upload = self.cleaned_data["bundle"]
        if upload.size is not None and upload.size > MAX_BUNDLE_BYTES:
            raise forms.ValidationError(_("This file is too large for one client's record."))
        return bytes(upload.read())
