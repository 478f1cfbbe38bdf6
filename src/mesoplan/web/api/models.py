"""API tokens: how a program acts for a person without their password."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

SCOPES = (("personal", _("my own diary")), ("clinic", _("my clinics' records")))


class ApiToken(models.Model):
    """One token of one person. Only the SHA-256 of the secret is kept: the secret is shown once.

    A fast hash is enough here (unlike passwords): the secret is 32 random bytes, so
    nobody can guess it from the hash, and each request can check it cheaply.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80)
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)  # the secret's first characters, to recognise it in a list
    created_at = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)
    # What the token may reach: a person's own diary, or the records of the clinics they work in;
    # never both, so that a clinic's program cannot write into its practitioner's own diary.
    scope = models.CharField(_("what it may reach"), max_length=10, choices=SCOPES, default="personal")

    class Meta:
        ordering = ("revoked", "-created_at", "-id")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class AnonymousCalls(models.Model):
    """The times of one address's recent calls to the anonymous endpoints (the throttle's sliding window).

    A row of the database, which every server process shares (decisions item 4), read and written
    under the row's lock (`api/throttle.py`): the database cache's get-then-set let a burst from one
    address through past the limit."""

    key = models.CharField(max_length=200, primary_key=True)
    moments = models.JSONField(default=list)  # seconds since the epoch, newest first, at most the rate's count
    expires = models.FloatField(db_index=True)  # when the newest call leaves the window: the row may go then
