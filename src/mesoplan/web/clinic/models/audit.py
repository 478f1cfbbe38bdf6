"""Who viewed and who changed each client record. Written by `clinic.audit`, never edited."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mesoplan.web.clinic.models.clients import Client
from mesoplan.web.clinic.models.locking import WriteOnce
from mesoplan.web.clinic.models.organisation import Organisation

ACTION_CHOICES = (
    ("view", _("viewed")), ("create", _("created")), ("change", _("changed")), ("sign", _("signed")),
    ("amend", _("amended")), ("export", _("exported")), ("import", _("imported")),
    ("clear", _("cleared")), ("flag", _("red flag updated")), ("rescreen", _("re-screened")),
)


class AuditEvent(WriteOnce):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="audit_events")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    user_name = models.CharField(max_length=150, blank=True)  # kept when the account is gone
    client = models.ForeignKey(Client, on_delete=models.SET_NULL, null=True, blank=True, related_name="audit_events")
    action = models.CharField(max_length=10, choices=ACTION_CHOICES)
    at = models.DateTimeField(auto_now_add=True)
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ("-at", "-id")
        indexes = (models.Index(fields=["client", "at"], name="clinic_audit_by_client"),
                   models.Index(fields=["organisation", "at"], name="clinic_audit_by_clinic"))
