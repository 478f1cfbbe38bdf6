"""Appointment messages follow the bookings and the client (`clinic.client_messages`).

A booking, move or cancellation (`appointments.appointment_changed`, sent inside the change's
transaction) queues its note and the client's reminders again in that same transaction, so they
commit or roll back with it. Any other save of an appointment (arrived, done, a no-show), a change
of the client (details, language, a new intake) or of what the gate says (a red flag logged or
closed, a re-screen that moved the earliest start) queues the messages again once committed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from mesoplan.web.clinic import appointments, client_messages
from mesoplan.web.clinic.models import Appointment, Client, ClinicReaction


@receiver(appointments.appointment_changed, sender=Appointment)
def _appointment_changed(sender: Any, appointment: Appointment, change: str, previous_start: Any = None,
                         **kwargs: Any) -> None:
    if change == "booked":
        client_messages.booked(kwargs.get("appointments") or (appointment,))
    elif change == "rescheduled":
        client_messages.moved(appointment, previous_start)
    elif change == "cancelled":
        client_messages.cancelled(appointment)


def requeue_later(client_ids: Iterable[int]) -> None:
    """Once committed, queue again the messages of these clients who have an appointment ahead (or had
    one yesterday); a re-screen's thousands of clients without one cost a single query."""
    ids = sorted(set(client_ids))

    def run() -> None:
        since = timezone.now() - timedelta(days=2)  # whose messages can still be waiting (a no-show's too)
        with_bookings = Client.objects.filter(pk__in=ids, appointments__start__gte=since).distinct()
        for client in with_bookings.select_related("organisation"):
            client_messages.requeue(client)

    if ids:
        transaction.on_commit(run)


@receiver(post_save, sender=Appointment)
def _appointment_saved(sender: Any, instance: Appointment, created: bool, **kwargs: Any) -> None:
    """A status that sends no `appointment_changed` (a no-show: no aftercare for a session not held)."""
    if not created:
        requeue_later([instance.client_id])


@receiver(post_save, sender=Client)
def _client_changed(sender: Any, instance: Client, created: bool, **kwargs: Any) -> None:
    if not created:
        requeue_later([instance.pk])


@receiver(post_save, sender=ClinicReaction)
@receiver(post_delete, sender=ClinicReaction)
def _reaction_changed(sender: Any, instance: ClinicReaction, **kwargs: Any) -> None:
    """A red flag opened or closed changes what the gate allows."""
    requeue_later([instance.client_id])
