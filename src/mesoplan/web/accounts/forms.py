"""Sign-up and a login form that refuses while a username and address are locked out."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm, UsernameField
from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mesoplan.web.accounts import throttle


class SignupForm(UserCreationForm):  # type: ignore[type-arg]
    email = forms.EmailField(label=_("Email (to reset your password)"), required=False)

    class Meta:
        model = User
        fields = ("username", "email")
        field_classes = {"username": UsernameField}  # noqa: RUF012 - a Django Meta option


class ThrottledLoginForm(AuthenticationForm):
    """Django's login form, refusing (without checking the password) while the username from this address,
    or this address for any username, is locked out."""

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        address = self._address()
        now = timezone.now()
        until = throttle.locked_until(username, address, now) or throttle.address_locked_until(address, now)
        if until is not None:
            raise self._locked(until, now)
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            pair_until = throttle.record_failure(username, address, now)
            until = throttle.record_address_failure(address, now) or pair_until
            if until is not None:
                raise self._locked(until, now) from None
            raise
        if self.get_user() is not None:  # a post without a password authenticates nobody: it clears nothing
            throttle.record_success(username, address)
        return cleaned

    def _address(self) -> str:
        return throttle.client_address(self.request.META) if self.request is not None else ""

    @staticmethod
    def _locked(until: Any, now: Any) -> forms.ValidationError:
        minutes = throttle.minutes_left(until, now)
        return forms.ValidationError(
            ngettext("Too many failed attempts. Try again in %(minutes)d minute.",
                     "Too many failed attempts. Try again in %(minutes)d minutes.", minutes),
            code="locked", params={"minutes": minutes})
