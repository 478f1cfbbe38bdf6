"""A clinic (organisation), its locations, and who works there in which role."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

ADMIN, PRACTITIONER, FRONT_DESK = "admin", "practitioner", "front_desk"
ROLE_CHOICES = ((ADMIN, _("Clinic admin")), (PRACTITIONER, _("Practitioner")), (FRONT_DESK, _("Front desk")))


class Organisation(models.Model):
    name = models.CharField(_("name of the clinic"), max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("name", "id")

    def __str__(self) -> str:
        return self.name


class Location(models.Model):
    """One of the clinic's premises; a session says where it took place."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="locations")
    name = models.CharField(_("name"), max_length=120)
    address = models.CharField(_("address"), max_length=300, blank=True)

    class Meta:
        ordering = ("name", "id")
        constraints = (models.UniqueConstraint(fields=["organisation", "name"], name="clinic_location_unique_name"),)

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A person's role in one clinic; the roles' rights are listed in `clinic.access`."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clinic_memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=ROLE_CHOICES)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("organisation", "role", "id")
        constraints = (models.UniqueConstraint(fields=["user", "organisation"], name="clinic_membership_once"),)

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"
