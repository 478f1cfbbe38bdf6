"""Staff: invitations to join a clinic, and how a member is named on what they sign.

An invitation is an email address and a role; its link carries a signed token (the row's id
and a random nonce) that expires and works once. The clinic never looks the address up among
accounts, so inviting tells nobody whether it has one.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mesoplan.web.clinic.models.organisation import FRONT_DESK, ROLE_CHOICES, Organisation


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


class Invitation(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email"))
    role = models.CharField(_("role"), max_length=20, choices=ROLE_CHOICES, default=FRONT_DESK)
    nonce = models.CharField(max_length=40, default=new_nonce, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")

    class Meta:
        ordering = ("-created_at", "-id")


class StaffProfile(models.Model):
    """A member's full name and credentials, as they appear on sessions, signatures and amendments."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile")
    full_name = models.CharField(_("full name"), max_length=150)
    title = models.CharField(_("professional title"), max_length=100, blank=True,
                             help_text=_("As it should appear on what you sign, e.g. dermatologist, cosmetologist."))
    registration_number = models.CharField(_("registration number"), max_length=60, blank=True,
                                           help_text=_("Your professional registration or licence number, if any."))
