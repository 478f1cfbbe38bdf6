"""A clinic's client: who they are, their intake, the latest screening of it, their plan, their reactions.

The screening snapshot (verdict … screened_at) is what the services answered for the
intake; the dashboard and the bulk re-screen (`clinic.rescreen`) read and compare it
without screening every client again. `changed_at` is set only by a re-screen that
found a different verdict, reasons or plan, and cleared once someone has looked.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mesoplan.web.clinic.models.organisation import Organisation

SEX_CHOICES = (("female", _("Female")), ("male", _("Male")), ("other", _("Other")))
FLAG_STATUSES = (("open", _("open")), ("seen", _("seen by a doctor")), ("resolved", _("resolved")))
LINK_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


def new_record_id() -> str:
    """A record id for FHIR identifiers: stable, and unguessable across clinics."""
    return uuid.uuid4().hex


def new_link_code() -> str:
    """The code a clinic gives its client to link their own account (read aloud or on paper)."""
    return "".join(secrets.choice(LINK_CODE_ALPHABET) for _ in range(10))


class Client(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="clients")
    record_id = models.CharField(max_length=64, default=new_record_id, editable=False)
    name = models.CharField(_("full name"), max_length=150)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=10, choices=SEX_CHOICES, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # The language of the client's messages and handouts (decisions item 5); empty: the clinic's default.
    language = models.CharField(_("language for messages and handouts"), max_length=8, blank=True,
                                choices=settings.LANGUAGES)
    # Decisions item 2: a client gets appointment, preparation and aftercare messages unless they opt
    # out (the clinic's form, or the link in every message); nothing else is ever sent to them.
    messages_opt_out = models.BooleanField(_("no messages to this client (appointments, preparation, aftercare)"),
                                           default=False)
    # The client's own account, linked by the client with `link_code`, never by the clinic alone:
    # the link lets the clinic see the client's home diary.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="clinic_clients")
    link_code = models.CharField(max_length=16, default=new_link_code, editable=False)
    intake = models.JSONField(default=dict, blank=True)  # the contract's intake; {} until taken
    # The day the intake was taken: the plan keeps its preparation from there, so that it stays
    # the same plan on every later day (a re-screen sees a change only when there is one).
    intake_taken_on = models.DateField(null=True, blank=True)
    # The protocol a practitioner chose for the course; empty: the one the planner chooses for the intake.
    protocol = models.CharField(max_length=60, blank=True, default="")

    verdict = models.CharField(max_length=10, blank=True)
    earliest_start = models.DateField(null=True, blank=True)
    reasons_digest = models.CharField(max_length=32, blank=True)
    # What the verdict rests on (`snapshot.reason_notes`), so that a re-screen can say which
    # reasons it added or removed; None for a client screened before they were kept.
    reasons = models.JSONField(null=True, blank=True)
    plan_digest = models.CharField(max_length=32, blank=True)
    knowledge_version = models.CharField(max_length=80, blank=True)
    policy_version = models.CharField(max_length=80, blank=True)
    screened_at = models.DateTimeField(null=True, blank=True)
    previous_verdict = models.CharField(max_length=10, blank=True)
    changed_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("name", "id")
        constraints = (
            models.UniqueConstraint(fields=["organisation", "record_id"], name="clinic_client_unique_record"),
            models.UniqueConstraint(fields=["organisation", "user"], condition=Q(user__isnull=False),
                                    name="clinic_client_one_per_account"),
        )
        indexes = (
            models.Index(fields=["organisation", "name"], name="clinic_client_search"),
            models.Index(fields=["organisation", "changed_at"], name="clinic_client_changed"),
            models.Index(fields=["organisation", "verdict"], name="clinic_client_verdict"),
            # the bulk re-screen looks for clients screened with another knowledge or policy version
            models.Index(fields=["organisation", "knowledge_version", "policy_version"], name="clinic_client_versions"),
        )

    def __str__(self) -> str:
        return self.name

    @property
    def has_intake(self) -> bool:
        return bool(self.intake)


class PlannedEvent(models.Model):
    """One dated event of the client's plan, as the planner made it from the intake."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="planned_events")
    position = models.PositiveIntegerField()
    date = models.DateField()
    kind = models.CharField(max_length=12)
    title = models.CharField(max_length=300)  # in English, the message id; translated when shown
    zones = models.JSONField(default=list)

    class Meta:
        ordering = ("client", "position")
        indexes = (models.Index(fields=["date", "kind"], name="clinic_planned_due"),)


class ClinicReaction(models.Model):
    """A reaction the client reported to the clinic (at a follow-up, by phone)."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="reactions")
    session = models.ForeignKey("clinic.ClinicSession", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="reactions", verbose_name=_("after the session of"))
    date = models.DateField(_("date noticed"))
    symptom = models.CharField(_("what the client notices"), max_length=40)
    severity = models.PositiveSmallIntegerField(_("how bad (1 mild – 5 severe)"),
                                                validators=[MinValueValidator(1), MaxValueValidator(5)])
    notes = models.TextField(_("notes"), blank=True, max_length=2000)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # A red flag's life cycle (decisions item 1): open → seen (a doctor saw it) → resolved (a
    # practitioner closed it, with a note). Reactions that are not red flags stay "open" unread.
    flag_status = models.CharField(max_length=10, choices=FLAG_STATUSES, default="open")
    flag_seen_on = models.DateField(null=True, blank=True)
    flag_note = models.TextField(blank=True, max_length=2000)
    flag_closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                       blank=True, related_name="+")
    flag_closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-date", "-id")
        indexes = (models.Index(fields=["date"], name="clinic_reaction_recent"),
                   models.Index(fields=["client", "flag_status"], name="clinic_reaction_flags"))
