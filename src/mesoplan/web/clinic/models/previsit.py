"""The client's own intake before the visit: a link staff give the client, and what the client sent.

One row is one link: a random nonce its signed token carries (`clinic.previsit`), who made it and
when; once the client sends the form, the intake they gave and when (the link is then spent); then
the review: accepted (it became the client's intake) or set aside, by whom and when.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models

from mesoplan.web.clinic.models.clients import Client

ACCEPTED, SET_ASIDE = "accepted", "set_aside"


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


class PreVisitIntake(models.Model):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="previsit_intakes")
    nonce = models.CharField(max_length=40, default=new_nonce, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    intake = models.JSONField(default=dict, blank=True)  # the contract's intake, as the client sent it
    outcome = models.CharField(max_length=10, blank=True,
                               choices=((ACCEPTED, "accepted"), (SET_ASIDE, "set aside")))
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")

    @property
    def to_review(self) -> bool:
        return self.submitted_at is not None and not self.outcome
