"""Appointment messages follow the bookings and the client (`clinic.client_messages`).

A booking, move or cancellation (`appointments.appointment_changed`, sent inside the change's
transaction) queues its note and the client's reminders again in that same transaction, so they
commit or roll back with it. A change of the client (details, language, a new intake) or of what
the gate says (a red flag logged or closed, a re-screen that moved the earliest start) queues the
reminders again once committed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from mesoplan.web.clinic import appointments, client_messages
from mesoplan.web.clinic.models import Appointment, Client, ClinicReaction
from mesoplan.web.clinic.models.appointments import BOOKED


@receiver(appointments.appointment_changed, sender=Appointment)
def _appointment_changed(sender: Any, appointment: Appointment, change: str, previous_start: Any = None,
                         **kwargs: Any) -> None:
    if change == "booked":
        client_messages.booked(appointment)
    elif change == "rescheduled":
        client_messages.moved(appointment, previous_start)
    elif change == "cancelled":
        client_messages.cancelled(appointment)


def requeue_later(client_ids: Iterable[int]) -> None:
    """Once committed, queue again the reminders of these clients who have a booking ahead."""
    ids = sorted(set(client_ids))

    def run() -> None:
        with_bookings = Client.objects.filter(pk__in=ids, appointments__status=BOOKED).distinct()
        for client in with_bookings.select_related("organisation"):
            client_messages.requeue(client)

    if ids:
        transaction.on_commit(run)


@receiver(post_save, sender=Client)
def _client_changed(sender: Any, instance: Client, created: bool, **kwargs: Any) -> None:
    if not created:
        requeue_later([instance.pk])


@receiver(post_save, sender=ClinicReaction)
@receiver(post_delete, sender=ClinicReaction)
def _reaction_changed(sender: Any, instance: ClinicReaction, **kwargs: Any) -> None:
    """A red flag opened or closed changes what the gate allows."""
    requeue_later([instance.client_id])
