"""Everything a person keeps. Every row has an `owner`, and every query a page
makes filters on it (`Owned.objects.owned_by(user)`), so a person sees only
their own records.

Clinical values are never decided here: a saved check stores the intake the
person gave and the screening the services returned, as the contract's JSON.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

SETTING_CHOICES = (("home", _("At home")), ("clinic", _("In a clinic")))


class OwnedQuerySet(models.QuerySet[Any]):
    def owned_by(self, user: Any) -> OwnedQuerySet:
        return self.filter(owner=user)


class Owned(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        abstract = True


class SavedCheck(Owned):
    """A self-check a person kept: the intake as the contract's plain data."""

    title = models.CharField(_("name"), max_length=100)
    intake = models.JSONField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-updated_at", "-id")

    def __str__(self) -> str:
        return self.title

    def latest_screening(self) -> Screening | None:
        return self.screenings.order_by("-created_at", "-id").first()

    @property
    def needs_review(self) -> bool:
        """Saved before an intake had to name a zone, with none: its last answer was about nothing.

        Kept as it was (decision 10); the person chooses the areas when changing it.
        """
        return isinstance(self.intake, dict) and not self.intake.get("zones")


class Screening(Owned):
    """One answer of the services for a saved check, kept to show what changed later."""

    saved_check = models.ForeignKey(SavedCheck, on_delete=models.CASCADE, related_name="screenings")
    intake = models.JSONField()
    result = models.JSONField()
    verdict = models.CharField(max_length=10)
    knowledge_version = models.CharField(max_length=64)

    class Meta:
        ordering = ("-created_at", "-id")


class SavedPlan(Owned):
    """A plan made from a saved check (the contract's plan JSON)."""

    saved_check = models.ForeignKey(SavedCheck, on_delete=models.CASCADE, related_name="plans")
    protocol_id = models.CharField(max_length=64, blank=True)
    plan = models.JSONField()
    knowledge_version = models.CharField(max_length=64)

    class Meta:
        ordering = ("-created_at", "-id")


class Device(Owned):
    """A device of the person's own: a roller, a stamp, a pen."""

    kind = models.CharField(_("kind of device"), max_length=40)
    label = models.CharField(_("your name for it"), max_length=80, blank=True)
    needle_mm = models.DecimalField(_("needle length (mm)"), max_digits=4, decimal_places=2, null=True, blank=True,
                                    validators=[MinValueValidator(0.01), MaxValueValidator(5)])
    first_used = models.DateField(_("first used on"), null=True, blank=True)
    uses_before = models.PositiveIntegerField(_("uses before this diary"), default=0,
                                              validators=[MaxValueValidator(100000)])
    last_sanitised = models.DateField(_("last cleaned on"), null=True, blank=True)
    retired_on = models.DateField(_("replaced or thrown away on"), null=True, blank=True)

    class Meta:
        ordering = (models.F("retired_on").asc(nulls_first=True), "-created_at", "-id")  # in use first
        indexes = (models.Index(fields=["owner", "retired_on"], name="device_owner_retired"),)  # devices in use

    def __str__(self) -> str:
        return self.label or self.kind


class Session(Owned):
    """A session done, at home or in a clinic."""

    date = models.DateField(_("date"))
    setting = models.CharField(_("where"), max_length=10, choices=SETTING_CHOICES, default="home")
    zones = models.JSONField(_("zones"), default=list)
    device = models.ForeignKey(Device, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions",
                               verbose_name=_("device"))
    needle_mm = models.DecimalField(_("needle length (mm)"), max_digits=4, decimal_places=2, null=True, blank=True,
                                    validators=[MinValueValidator(0.01), MaxValueValidator(5)])
    passes = models.PositiveSmallIntegerField(_("passes"), null=True, blank=True,
                                              validators=[MinValueValidator(1), MaxValueValidator(50)])
    serum = models.CharField(_("serum"), max_length=40, blank=True)
    outcome = models.PositiveSmallIntegerField(_("how happy are you with your skin (1–10)"), null=True, blank=True,
                                               validators=[MinValueValidator(1), MaxValueValidator(10)])
    notes = models.TextField(_("notes"), blank=True, max_length=2000)

    class Meta:
        ordering = ("-date", "-id")
        # The diary reads a person's recent sessions, their latest one and one page of them
        # (`records.recent`, the lists); a device's latest use and its older uses by device.
        indexes = (models.Index(fields=["owner", "date", "id"], name="session_owner_date"),
                   models.Index(fields=["device", "date", "id"], name="session_device_date"))


def photo_path(instance: Photo, filename: str) -> str:
    """Random names in a folder per owner: nothing of the original name or its metadata is kept."""
    return f"photos/{instance.owner_id}/{uuid.uuid4().hex}.jpg"


# A red flag's life cycle (decisions item 1), as the clinic's reactions have it: open → seen (the person
# records that a doctor saw it) → resolved (a doctor or practitioner closed it, with a note).
FLAG_STATUSES = (("open", _("open")), ("seen", _("seen by a doctor")), ("resolved", _("resolved")))
# The note the data migration gives the flags a later session closed before flags had steps (shown
# translated: it is a message id, not the person's own words).
CLOSED_BY_LATER_SESSION = gettext_noop("Closed by a later session, logged before warning signs had their own steps.")
FLAG_BY_MAX = 120


class Reaction(Owned):
    """A reaction noticed after a session, rated 1 (mild) to 5 (severe).

    A red flag among them (`core.tracking_reactions.is_red_flag`) keeps its life cycle in the
    `flag_*` fields; other reactions stay "open" and the fields are never read.
    """

    session = models.ForeignKey(Session, on_delete=models.SET_NULL, null=True, blank=True, related_name="reactions",
                                verbose_name=_("after the session of"))
    date = models.DateField(_("date noticed"))
    symptom = models.CharField(_("what you notice"), max_length=40)
    severity = models.PositiveSmallIntegerField(_("how bad (1 mild – 5 severe)"),
                                                validators=[MinValueValidator(1), MaxValueValidator(5)])
    notes = models.TextField(_("notes"), blank=True, max_length=2000)
    flag_status = models.CharField(max_length=10, choices=FLAG_STATUSES, default="open")
    flag_seen_on = models.DateField(null=True, blank=True)
    flag_seen_note = models.TextField(blank=True, max_length=2000)
    flag_resolved_on = models.DateField(null=True, blank=True)
    flag_resolved_by = models.CharField(max_length=FLAG_BY_MAX, blank=True)  # the doctor's or practitioner's name
    flag_resolved_note = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ("-date", "-id")
        indexes = (models.Index(fields=["owner", "date", "id"], name="reaction_owner_date"),
                   models.Index(fields=["owner", "flag_status"], name="reaction_owner_flags"))


class Photo(Owned):
    """A photo, re-encoded without metadata, sent only to its owner by a view that checks."""

    KINDS = (("before", _("Before")), ("after", _("After")), ("progress", _("Progress")), ("reaction", _("Reaction")))

    image = models.ImageField(upload_to=photo_path)
    kind = models.CharField(_("kind"), max_length=10, choices=KINDS, default="progress")
    taken_on = models.DateField(_("taken on"))
    zone = models.CharField(_("zone"), max_length=20, blank=True)
    caption = models.CharField(_("caption"), max_length=120, blank=True)
    reaction = models.ForeignKey(Reaction, on_delete=models.CASCADE, null=True, blank=True, related_name="photos")

    class Meta:
        ordering = ("-taken_on", "-id")
        indexes = (models.Index(fields=["owner", "taken_on", "id"], name="photo_owner_taken_on"),)
