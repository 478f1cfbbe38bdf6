"""A message to send: one row per (recipient, kind, date it is about), so none is ever sent twice."""

from __future__ import annotations

from django.conf import settings
from django.db import models

QUEUED, SENT, FAILED, CANCELLED = "queued", "sent", "failed", "cancelled"
STATUSES = ((QUEUED, "queued"), (SENT, "sent"), (FAILED, "failed"), (CANCELLED, "cancelled"))
EMAIL, SMS = "email", "sms"
CHANNELS = ((EMAIL, "email"), (SMS, "SMS"))


class Message(models.Model):
    """One message, its text already in the recipient's language.

    `recipient` names who it is for, whatever their address ("user:12", "client:7"); with `kind`
    and `about` (the date the message is about) it is unique: queuing the same message again
    updates the row while it waits and leaves it alone once sent. `claimed_at` is set, in its own
    commit, just before the message leaves: a row claimed but neither sent nor failed was being sent
    when a worker died, and is not sent again (`sending.give_up_interrupted`).
    """

    recipient = models.CharField(max_length=80)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
                             related_name="+")  # an account's own messages go with the account
    channel = models.CharField(max_length=8, choices=CHANNELS, default=EMAIL)
    address = models.CharField(max_length=254)
    kind = models.CharField(max_length=40)
    about = models.DateField()
    language = models.CharField(max_length=8)
    due_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=STATUSES, default=QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    headers = models.JSONField(default=dict, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = (models.UniqueConstraint(fields=["recipient", "kind", "about"], name="outbox_once_per_day"),)
        indexes = (models.Index(fields=["status", "due_at"], name="outbox_due"),)
        ordering = ("due_at", "id")

    def __str__(self) -> str:
        return f"{self.kind} {self.about} → {self.recipient} ({self.status})"
