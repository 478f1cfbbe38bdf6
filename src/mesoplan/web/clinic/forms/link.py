"""A client links their own account to the clinic's record of them, with the code the clinic gave.

Wrong codes are counted like wrong passwords (`accounts.throttle`), per account and address:
a code has 50 random bits, so guessing is hopeless anyway, and the lockout keeps it so.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mesoplan.web.accounts import throttle
from mesoplan.web.clinic.models import Client

CODE_LENGTH = 10


class LinkForm(forms.Form):
    code = forms.CharField(label=_("Code from your clinic"), max_length=20,
                           help_text=_("Once linked, your clinic sees your own diary, "
                                       "and you see your clinic sessions."))

    def __init__(self, data: Any = None, *, request: HttpRequest) -> None:
        super().__init__(data)
        self.key = f"link-code:{request.user.pk}"
        self.address = throttle.client_address(request.META)

    def clean_code(self) -> Client:
        now = timezone.now()
        until = throttle.locked_until(self.key, self.address, now)
        if until is not None:
            raise _locked(until, now)
        code = "".join(str(self.cleaned_data.get("code", "")).split()).upper()
        client = Client.objects.filter(link_code=code, user__isnull=True).first() if len(code) == CODE_LENGTH else None
        if client is None:
            until = throttle.record_failure(self.key, self.address, now)
            if until is not None:
                raise _locked(until, now)
            raise forms.ValidationError(_("This code is not valid. Ask your clinic for it again."))
        throttle.record_success(self.key, self.address)
        return client


def _locked(until: datetime, now: datetime) -> forms.ValidationError:
    minutes = throttle.minutes_left(until, now)
    return forms.ValidationError(
        ngettext("Too many wrong codes. Try again in %(minutes)d minute.",
                 "Too many wrong codes. Try again in %(minutes)d minutes.", minutes),
        code="locked", params={"minutes": minutes})
