"""A large FHIR import as a background job: the bundle waits in the file storage (decisions item 6) until the
worker reads it, checks it and writes the client in one short transaction (`clinic.import_jobs`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from mesoplan.web.clinic.models.clients import Client
from mesoplan.web.clinic.models.organisation import Organisation
from mesoplan.web.clinic.models.rescreen_runs import QUEUED, STATUS_CHOICES, UNFINISHED


class ImportJob(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="import_jobs")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    bundle = models.CharField(max_length=200, blank=True)  # its name in the storage; emptied once read
    size = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=STATUS_CHOICES, default=QUEUED)
    task_id = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    queued_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    client = models.ForeignKey(Client, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    error = models.CharField(max_length=500, blank=True)  # the refusal, by its field, as the form would say it
    left_out = models.JSONField(default=dict, blank=True)  # home sessions and devices not kept
    # The refusal as its message id and parameters (`import_problem`): its page writes it in the reader's language
    problem = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ("-queued_at", "-id")

    def __str__(self) -> str:
        return f"import {self.pk} into {self.organisation_id} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status not in UNFINISHED
