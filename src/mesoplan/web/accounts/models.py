"""Failed logins, counted per username and address, for the login throttle."""

from __future__ import annotations

from django.db import models


class LoginThrottle(models.Model):
    """Failures of one (username, address) pair in the current window, and a lockout end if any.

    A database row rather than the cache: several gunicorn workers share it,
    and it survives a restart, so a lockout cannot be escaped by either.
    """

    key = models.CharField(max_length=200, unique=True)
    failures = models.PositiveIntegerField(default=0)
    window_start = models.DateTimeField()
    locked_until = models.DateTimeField(null=True, blank=True)
