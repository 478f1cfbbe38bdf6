"""What a home user chose to be reminded of by email (nothing unless they opt in)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderChoice(models.Model):
    """Email reminders per kind of step, the evening before its day."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_choice")
    prep = models.BooleanField(_("preparation steps (stop a product, start a cream…)"), default=False)
    sessions = models.BooleanField(_("sessions"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"reminders of {self.user}: prep={self.prep} sessions={self.sessions}"
