"""A charted clinic session: per-zone device, needle and passes, products with their lots,
anaesthetic, notes and photos; then a signature, after which only dated amendments are added.

The lock is kept here, in the models and their querysets, so no view, form, import or
script can change a signed session: `save()`, `delete()`, `QuerySet.update()`,
`delete()` and `bulk_create()` all refuse with `LockedRecordError`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from mesoplan.web.clinic.errors import LockedRecordError
from mesoplan.web.clinic.models.clients import Client, new_record_id
from mesoplan.web.clinic.models.locking import WriteOnce
from mesoplan.web.clinic.models.organisation import Location

# The procedures a clinic charts here, each with its own consent text.
PROCEDURE_CHOICES = (("microneedling", _("Microneedling")), ("mesotherapy", _("Mesotherapy")),
                     ("rf_microneedling", _("RF microneedling")))
LOCKED = _("This session is signed: it cannot be changed, only amended with a dated note.")


def _refuse() -> None:
    raise LockedRecordError(str(LOCKED))


class ClinicSessionQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> int:
        if self.filter(signed_at__isnull=False).exists():
            _refuse()
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        if self.filter(signed_at__isnull=False).exists():
            _refuse()
        return super().delete()


class ClinicSession(models.Model):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="sessions")
    record_id = models.CharField(max_length=64, default=new_record_id, editable=False)
    location = models.ForeignKey(Location, on_delete=models.PROTECT, null=True, blank=True, related_name="sessions",
                                 verbose_name=_("location"))
    procedure = models.CharField(_("procedure"), max_length=20, choices=PROCEDURE_CHOICES, default="microneedling")
    practitioner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("practitioner"))
    practitioner_name = models.CharField(max_length=150, blank=True)  # as it was when charted, for the record
    date = models.DateField(_("date"))
    anaesthetic = models.CharField(_("anaesthetic"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=5000)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    signed_by_name = models.CharField(max_length=150, blank=True)  # as it was when signed, for the record
    # What the gate answered when it was signed: the screening it rests on, the knowledge and
    # policy in force, the clearance it relied on and whether its cautions were acknowledged.
    screening_digest = models.CharField(max_length=32, blank=True)
    signed_knowledge_version = models.CharField(max_length=80, blank=True)
    signed_policy_version = models.CharField(max_length=80, blank=True)
    clearance = models.ForeignKey("clinic.Clearance", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="sessions")
    cautions_acknowledged = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClinicSessionQuerySet.as_manager()

    class Meta:
        ordering = ("-date", "-id")
        constraints = (models.UniqueConstraint(fields=["client", "record_id"], name="clinic_session_unique_record"),)
        indexes = (models.Index(fields=["client", "date"], name="clinic_session_by_day"),)

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    def _stored_signed(self) -> bool:
        # The row as stored decides, not this instance: a stale copy must not slip past.
        return ClinicSession.objects.filter(pk=self.pk, signed_at__isnull=False).exists()

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding and self._stored_signed():
            _refuse()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if self._stored_signed():
            _refuse()
        return super().delete(*args, **kwargs)


def _session_signed(session_id: int | None) -> bool:
    return session_id is not None and ClinicSession.objects.filter(pk=session_id, signed_at__isnull=False).exists()


class SessionPartQuerySet(models.QuerySet[Any]):
    """The lines of a session (zones, products): locked with their session."""

    def _check(self, rows: Iterable[Any] | None = None) -> None:
        if rows is not None:
            if any(_session_signed(row.session_id) for row in rows):
                _refuse()
        elif self.filter(session__signed_at__isnull=False).exists():
            _refuse()

    def update(self, **kwargs: Any) -> int:
        self._check()
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        self._check()
        return super().delete()

    def bulk_create(self, objs: Iterable[Any], *args: Any, **kwargs: Any) -> list[Any]:
        objs = list(objs)
        self._check(objs)
        return super().bulk_create(objs, *args, **kwargs)


class LockedWithSession(models.Model):
    """A row that goes with a session (`session_id`) and cannot be deleted once it is signed."""

    session_id: int | None

    class Meta:
        abstract = True

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if _session_signed(self.session_id):
            _refuse()
        return super().delete(*args, **kwargs)


class SessionPart(LockedWithSession):
    session = models.ForeignKey(ClinicSession, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    objects = SessionPartQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if _session_signed(self.session_id):
            _refuse()
        super().save(*args, **kwargs)


class SessionZone(SessionPart):
    """One zone treated: with which device, how deep, how many passes."""

    session = models.ForeignKey(ClinicSession, on_delete=models.CASCADE, related_name="zones")
    zone = models.CharField(_("zone"), max_length=20)
    device_kind = models.CharField(_("device"), max_length=40)
    needle_mm = models.DecimalField(_("needle (mm)"), max_digits=4, decimal_places=2, null=True, blank=True,
                                    validators=[MinValueValidator(0.01), MaxValueValidator(5)])
    passes = models.PositiveSmallIntegerField(_("passes"), null=True, blank=True,
                                              validators=[MinValueValidator(1), MaxValueValidator(50)])

    class Meta:
        ordering = ("session", "position", "id")
        constraints = (models.UniqueConstraint(fields=["session", "zone"], name="clinic_zone_once_per_session"),)


class ProductUse(SessionPart):
    """A product used, with its lot and expiry, so that a recalled lot can be traced to its clients."""

    session = models.ForeignKey(ClinicSession, on_delete=models.CASCADE, related_name="products")
    ingredient = models.CharField(_("ingredient"), max_length=40)
    product_name = models.CharField(_("product"), max_length=120, blank=True)
    lot = models.CharField(_("lot number"), max_length=60, blank=True)
    expiry = models.DateField(_("expiry"), null=True, blank=True)

    class Meta:
        ordering = ("session", "position", "id")
        indexes = (models.Index(fields=["lot"], name="clinic_product_lot"),)


class SessionAmendment(WriteOnce):
    """A dated note added to a signed session; the session itself stays as it was signed."""

    session = models.ForeignKey(ClinicSession, on_delete=models.PROTECT, related_name="amendments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    author_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(_("amendment"), max_length=5000)

    class Meta:
        ordering = ("created_at", "id")


def clinic_photo_path(instance: ClinicPhoto, filename: str) -> str:
    """Random names in a folder per clinic: nothing of the original name or its metadata is kept."""
    return f"clinic/{instance.client.organisation_id}/{uuid.uuid4().hex}.jpg"


class ClinicPhoto(LockedWithSession):
    """A before/after photo, re-encoded without metadata, sent only to the clinic's clinical staff."""

    KINDS = (("before", _("Before")), ("after", _("After")), ("progress", _("Progress")))

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="photos")
    session = models.ForeignKey(ClinicSession, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="photos")
    amendment = models.ForeignKey(SessionAmendment, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="photos")
    image = models.ImageField(upload_to=clinic_photo_path)
    kind = models.CharField(_("kind"), max_length=10, choices=KINDS, default="before")
    taken_on = models.DateField(_("taken on"))
    zone = models.CharField(_("zone"), max_length=20, blank=True)
    caption = models.CharField(_("caption"), max_length=120, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("taken_on", "id")

    def save(self, *args: Any, **kwargs: Any) -> None:
        # After the signature a photo can only come with an amendment, and no photo changes.
        if not self._state.adding or (self.amendment_id is None and _session_signed(self.session_id)):
            _refuse()
        super().save(*args, **kwargs)
