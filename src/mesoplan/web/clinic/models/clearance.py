"""A recorded clearance: a doctor (or the prescriber) cleared a client whose screening says `consult`.

The clearance names the consult rules it covers, so that it keeps covering the client while those
are what the screening asks about, and no longer when a new one appears (a new medicine, say).
It is written once: a later clearance replaces it for new sessions; signed sessions keep the one
they relied on.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mesoplan.web.clinic.models.clients import Client

CLEARER_ROLES = (("doctor", _("Doctor")), ("dermatologist", _("Dermatologist")),
                 ("prescriber", _("The prescribing doctor")), ("other_specialist", _("Other specialist")))


class Clearance(models.Model):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="clearances")
    rules = models.JSONField(default=list)  # the consult rule ids it covers
    cleared_by = models.CharField(_("cleared by (full name)"), max_length=150)
    role = models.CharField(_("their role"), max_length=20, choices=CLEARER_ROLES)
    cleared_on = models.DateField(_("cleared on"))
    note = models.TextField(_("note (what was cleared, any condition)"), max_length=2000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+")
    recorded_by_name = models.CharField(max_length=150, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-recorded_at", "-id")
        indexes = (models.Index(fields=["client", "recorded_at"], name="clinic_clearance_latest"),)

    def __str__(self) -> str:
        return f"{self.cleared_by} ({self.cleared_on})"
