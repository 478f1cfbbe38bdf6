"""The Django admin, for whoever runs the server: clinics, their locations and members.

Clinical records are not registered: they are read and changed only through the clinic's
pages, which check roles and write the audit trail.
"""

from __future__ import annotations

from django.contrib import admin

from mesoplan.web.clinic import models
from mesoplan.web.records.admin import ModelAdmin


@admin.register(models.Organisation)
class OrganisationAdmin(ModelAdmin):
    list_display = ("name", "created_at")


@admin.register(models.Location)
class LocationAdmin(ModelAdmin):
    list_display = ("name", "organisation")


@admin.register(models.Membership)
class MembershipAdmin(ModelAdmin):
    list_display = ("user", "organisation", "role")
    list_filter = ("role",)
