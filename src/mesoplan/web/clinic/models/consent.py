"""Versioned consent texts and clients' signatures on them.

A text is never edited: publishing a new version adds a row. A signature keeps the
version and a digest of the very text the client saw, so it proves what was agreed
even for a signature imported from elsewhere, whose text this clinic never had.
"""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mesoplan.web.clinic.models.clients import Client, new_record_id
from mesoplan.web.clinic.models.locking import WriteOnce
from mesoplan.web.clinic.models.organisation import Organisation
from mesoplan.web.clinic.models.sessions import PROCEDURE_CHOICES

GUARDIAN_RELATIONS = (("parent", _("Parent")), ("guardian", _("Legal guardian")))


def text_digest(text: str) -> str:
    """The digest a signature keeps of the text signed."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


class ConsentText(WriteOnce):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="consent_texts")
    procedure = models.CharField(_("procedure"), max_length=20, choices=PROCEDURE_CHOICES)
    version = models.PositiveIntegerField()
    text = models.TextField(_("text"), max_length=20000)
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                     related_name="+")

    class Meta:
        ordering = ("procedure", "-version")
        constraints = (models.UniqueConstraint(fields=["organisation", "procedure", "version"],
                                               name="clinic_consent_text_version_once"),)

    @property
    def digest(self) -> str:
        return text_digest(self.text)


def consent_drawing_path(instance: ConsentSignature, filename: str) -> str:
    """A random name in a folder per clinic, like the photos."""
    return f"clinic/{instance.client.organisation_id}/consent/{uuid.uuid4().hex}.png"


class ConsentSignature(WriteOnce):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="consents")
    record_id = models.CharField(max_length=64, default=new_record_id, editable=False)
    # None for a signature imported with a bundle: the text is known only by its digest.
    consent_text = models.ForeignKey(ConsentText, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="signatures")
    procedure = models.CharField(max_length=20)
    version = models.CharField(max_length=40)
    text_digest = models.CharField(max_length=80)
    signed_name = models.CharField(_("full name, as signature"), max_length=150)
    signed_at = models.DateTimeField()
    captured_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+")
    # Who signed when the typed name is not the client's: a member of staff confirmed that the
    # signer is the client and said why the name differs (empty: the names matched).
    name_differs_reason = models.CharField(max_length=300, blank=True)
    name_confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                          blank=True, related_name="+")
    # A minor's consent is signed by a parent or guardian (empty for an adult).
    guardian_name = models.CharField(max_length=150, blank=True)
    guardian_relation = models.CharField(max_length=80, blank=True, choices=GUARDIAN_RELATIONS)
    # The drawn signature (PNG, through the storage API) and its digest; empty: none was drawn
    # (a browser without JavaScript, or a signature taken before drawings were kept).
    drawing = models.FileField(upload_to=consent_drawing_path, blank=True)
    drawing_digest = models.CharField(max_length=80, blank=True)
    device = models.CharField(max_length=300, blank=True)  # the signing browser's user agent

    class Meta:
        ordering = ("signed_at", "id")
        constraints = (models.UniqueConstraint(fields=["client", "record_id"], name="clinic_consent_unique_record"),)
