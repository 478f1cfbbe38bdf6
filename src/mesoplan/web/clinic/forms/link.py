"""A client links their own account to the clinic's record of them, with the code the clinic gave."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mesoplan.web.clinic.models import Client


class LinkForm(forms.Form):
    code = forms.CharField(label=_("Code from your clinic"), max_length=20,
                           help_text=_("Once linked, your clinic sees your own diary, "
                                       "and you see your clinic sessions."))

    def clean_code(self) -> Client:
        code = "".join(str(self.cleaned_data.get("code", "")).split()).upper()
        client = Client.objects.filter(link_code=code, user__isnull=True).first() if len(code) == 10 else None
        if client is None:
            raise forms.ValidationError(_("This code is not valid. Ask your clinic for it again."))
        return client
