"""The Django admin, for whoever runs the server."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin

from mesoplan.web.records import models

# ModelAdmin is generic only for the type checker; at runtime it cannot be subscripted.
if TYPE_CHECKING:
    ModelAdmin = admin.ModelAdmin[Any]
else:
    ModelAdmin = admin.ModelAdmin


@admin.register(models.SavedCheck)
class SavedCheckAdmin(ModelAdmin):
    list_display = ("title", "owner", "updated_at")


@admin.register(models.Device)
class DeviceAdmin(ModelAdmin):
    list_display = ("kind", "label", "owner", "first_used", "retired_on")


@admin.register(models.Session)
class SessionAdmin(ModelAdmin):
    list_display = ("date", "setting", "owner")


@admin.register(models.Reaction)
class ReactionAdmin(ModelAdmin):
    list_display = ("date", "symptom", "severity", "owner")
