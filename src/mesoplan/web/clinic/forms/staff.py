"""Forms of staff by invitation: the admin's invitation, the invitee's account and profile."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import UserCreationForm, UsernameField
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from mesoplan.web.clinic.invitations import Profile
from mesoplan.web.clinic.models import StaffProfile
from mesoplan.web.clinic.models.organisation import ADMIN, FRONT_DESK, PRACTITIONER, ROLE_CHOICES

# the least privileged first, and chosen unless the admin changes it
ROLES_LEAST_FIRST = tuple(sorted(ROLE_CHOICES, key=lambda c: (FRONT_DESK, PRACTITIONER, ADMIN).index(c[0])))


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email of the person to invite"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=ROLES_LEAST_FIRST, initial=FRONT_DESK)


class ProfileFields(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150,
                                help_text=_("As it should appear on the sessions and signatures you record."))
    title = forms.CharField(label=_("Professional title"), max_length=100, required=False,
                            help_text=_("As it should appear on what you sign, e.g. dermatologist, cosmetologist."))
    registration_number = forms.CharField(label=_("Registration number"), max_length=60, required=False,
                                          help_text=_("Your professional registration or licence number, if any."))

    def clean_full_name(self) -> str:
        name = " ".join(str(self.cleaned_data.get("full_name", "")).split())
        if not name:
            raise forms.ValidationError(_("Enter your full name."))
        return name

    def profile(self) -> Profile:
        data = self.cleaned_data
        return Profile(data["full_name"], data.get("title", "").strip(), data.get("registration_number", "").strip())

    @staticmethod
    def initial_of(user: Any) -> dict[str, str]:
        row = StaffProfile.objects.filter(user_id=getattr(user, "pk", None) or 0).first()
        if row is None:
            return {"full_name": user.get_full_name()} if getattr(user, "is_authenticated", False) else {}
        return {"full_name": row.full_name, "title": row.title, "registration_number": row.registration_number}


class NewAccountForm(UserCreationForm, ProfileFields):  # type: ignore[type-arg]
    """The invitee's own account: a username and password of their choosing, and their profile."""

    class Meta:
        model = User
        fields = ("username",)
        field_classes = {"username": UsernameField}  # noqa: RUF012 - a Django Meta option

    field_order = ("full_name", "title", "registration_number", "username", "password1", "password2")


class JoinForm(ProfileFields):
    """Joining with the account one is logged in with: only the profile."""
