"""A clinic's own wash-outs and needle limits (`core.policy`), one row per version, never edited.

The newest row of a clinic is the policy in force. Older rows stay: each client row records
the policy version its answer was made with, so the bulk re-screen can tell what a policy
change touched, and anyone can read the values a past plan rested on.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from mesoplan.web.clinic.models.organisation import Organisation


class ClinicPolicy(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="policies")
    # A digest of the values (`core.policy_parser.content_digest`): the same values, the same version.
    version = models.CharField(max_length=20)
    data = models.JSONField()  # the plain form of `core.policy_parser`
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ("organisation", "-id")
        indexes = (models.Index(fields=["organisation", "-id"], name="clinic_policy_newest"),)

    def __str__(self) -> str:
        return f"{self.organisation} · policy {self.version}"
