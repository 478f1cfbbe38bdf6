"""Appointments in a clinic's calendar, and the opening hours of its locations.

An appointment books a client with a practitioner at a location for a time; when it books a
session of the client's stored plan it keeps that session's planned day (`planned_date`), not a
link to the row: a plan's rows are written again whenever the intake is taken or re-screened,
while the booking stands. Each booking asked the gate first (`clinic.appointments`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from mesoplan.web.clinic.models.clients import Client
from mesoplan.web.clinic.models.organisation import Location

BOOKED, ARRIVED, DONE, NO_SHOW, CANCELLED = "booked", "arrived", "done", "no_show", "cancelled"
STATUS_CHOICES = ((BOOKED, _("booked")), (ARRIVED, _("arrived")), (DONE, _("done")), (NO_SHOW, _("no-show")),
                  (CANCELLED, _("cancelled")))
ACTIVE = (BOOKED, ARRIVED, DONE)  # the statuses that hold the practitioner's time
WEEKDAYS = (_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday"))
MAX_MINUTES = 8 * 60


class Appointment(models.Model):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="appointments")
    practitioner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("practitioner"))
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="appointments",
                                 verbose_name=_("location"))
    start = models.DateTimeField(_("start"))
    minutes = models.PositiveSmallIntegerField(_("duration (minutes)"),
                                               validators=[MinValueValidator(5), MaxValueValidator(MAX_MINUTES)])
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES, default=BOOKED)
    zones = models.JSONField(default=list)  # the zones the gate was asked about
    planned_date = models.DateField(null=True, blank=True)  # the planned session it books, by its day
    session = models.ForeignKey("clinic.ClinicSession", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="appointments")  # the session charted from it
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("start", "id")
        indexes = (models.Index(fields=["practitioner", "start"], name="clinic_appt_practitioner"),
                   models.Index(fields=["location", "start"], name="clinic_appt_location"),
                   models.Index(fields=["client", "start"], name="clinic_appt_client"))

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.minutes)

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE


class OpeningHours(models.Model):
    """When a location is open on one day of the week (0 Monday … 6 Sunday). A location without any
    row takes bookings at any time; once one day is set, the days without a row are closed."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(validators=[MaxValueValidator(6)])
    opens = models.TimeField()
    closes = models.TimeField()

    class Meta:
        ordering = ("location", "weekday")
        constraints = (models.UniqueConstraint(fields=["location", "weekday"], name="clinic_hours_once_a_day"),
                       models.CheckConstraint(condition=models.Q(opens__lt=models.F("closes")),
                                              name="clinic_hours_open_before_close"))
