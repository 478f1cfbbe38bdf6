"""Failed logins, counted per username and address, for the login throttle."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class LoginThrottle(models.Model):
    """Failures of one (username, address) pair, or of one address (key `@address`), in the current window,
    and a lockout end if any.

    A database row rather than the cache: several gunicorn workers share it,
    and it survives a restart, so a lockout cannot be escaped by either.
    """

    key = models.CharField(max_length=200, unique=True)
    failures = models.PositiveIntegerField(default=0)
    window_start = models.DateTimeField()
    locked_until = models.DateTimeField(null=True, blank=True)


class Profile(models.Model):
    """What an account keeps besides Django's user: the language its pages, emails and handouts use."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mesoplan_profile")
    # Empty: no choice saved yet, so the session's choice or Accept-Language decides.
    language = models.CharField(max_length=8, blank=True, default="")

    def __str__(self) -> str:
        return f"{self.user} ({self.language or '-'})"


def saved_language(user: Any) -> str:
    """The language an account chose with the switch, or "" when it never chose."""
    profile = Profile.objects.filter(user_id=user.pk).only("language").first()
    return profile.language if profile else ""


def save_language(user: Any, language: str) -> None:
    """Remember the language an account chose with the switch."""
    Profile.objects.update_or_create(user_id=user.pk, defaults={"language": language})
