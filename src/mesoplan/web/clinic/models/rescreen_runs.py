"""The re-screen as a background job: one `RescreenRun` per request, and one `RescreenChange` per
client whose answer it changed, with the answer before and after (what the dashboard shows).

A run is written by `clinic.rescreen_jobs` only: queued by a page or the policy, run by the
worker in short transactions (each batch of clients with its changes and the progress made),
and picked up again by the next worker if one stopped in the middle.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mesoplan.web.clinic.models.clients import Client
from mesoplan.web.clinic.models.organisation import Organisation

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
STATUS_CHOICES = ((QUEUED, _("waiting for the worker")), (RUNNING, _("running")), (DONE, _("done")),
                  (FAILED, _("failed")))
UNFINISHED = (QUEUED, RUNNING)


class RescreenRun(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="rescreen_runs")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    requested_by_name = models.CharField(max_length=150, blank=True)  # kept when the account is gone
    reason = models.CharField(max_length=100, blank=True)  # why it was asked for, in English (e.g. "policy saved")
    status = models.CharField(max_length=10, choices=STATUS_CHOICES, default=QUEUED)
    task_id = models.CharField(max_length=64, blank=True)  # the queue's id of the task running it
    attempts = models.PositiveSmallIntegerField(default=0)  # > 1: a worker stopped and another picked it up
    queued_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Progress: clients to write and written so far (of those screened again), and the totals at the end.
    to_write = models.PositiveIntegerField(default=0)
    written = models.PositiveIntegerField(default=0)
    # The id of the last client a committed batch went through: a run picked up again goes on after it.
    reached_client = models.PositiveBigIntegerField(default=0)
    checked = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    failures = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)  # the last attempt's `RescreenReport.as_data()`
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ("-queued_at", "-id")
        indexes = (models.Index(fields=["organisation", "queued_at"], name="clinic_rescreen_run_latest"),
                   models.Index(fields=["status"], name="clinic_rescreen_run_status"))

    def __str__(self) -> str:
        return f"re-screen {self.pk} of {self.organisation_id} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status not in UNFINISHED

    @property
    def percent(self) -> int:
        """How much of the writing is done (0 while the clients are still being read and screened)."""
        if self.status == DONE:
            return 100
        return 100 * self.written // self.to_write if self.to_write else 0


class RescreenChange(models.Model):
    """One client whose verdict, earliest start, reasons or plan a run changed: before → after.

    Reasons are kept as the client row keeps them (`Client.reasons`): rule, effect, date,
    zones and the English text; only those that differ: `reasons_before` the ones the run
    removed, `reasons_after` the ones it added. `reasons_before` is None where the client's
    earlier reasons were never stored (screened before they were kept).
    """

    run = models.ForeignKey(RescreenRun, on_delete=models.CASCADE, related_name="changes")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="rescreen_changes")
    verdict_before = models.CharField(max_length=10, blank=True)
    verdict_after = models.CharField(max_length=10, blank=True)
    earliest_start_before = models.DateField(null=True, blank=True)
    earliest_start_after = models.DateField(null=True, blank=True)
    reasons_before = models.JSONField(null=True, blank=True)
    reasons_after = models.JSONField(default=list, blank=True)
    plan_changed = models.BooleanField(default=False)

    class Meta:
        ordering = ("run", "id")
        constraints = (
            # a run picked up again after a stop never lists a client twice
            models.UniqueConstraint(fields=["run", "client"], name="clinic_rescreen_change_once"),
        )
