"""Reminders follow the plan: a saved plan (new, deleted), the diary (a red flag holds sessions back),
the person's choice or language changed → the reminders are queued again once the change is committed."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from mesoplan.web.accounts.models import Profile
from mesoplan.web.home.models import ReminderChoice
from mesoplan.web.records.models import Reaction, SavedPlan, Session


def _requeue_later(user_id: int) -> None:
    def run() -> None:
        from mesoplan.web.home.reminders import requeue

        user = get_user_model().objects.filter(pk=user_id).first()
        if user is not None:
            requeue(user)

    transaction.on_commit(run)


@receiver(post_save, sender=SavedPlan)
@receiver(post_delete, sender=SavedPlan)
def _plan_changed(sender: Any, instance: SavedPlan, **kwargs: Any) -> None:
    if ReminderChoice.objects.filter(user_id=instance.owner_id).exists():
        _requeue_later(instance.owner_id)


@receiver(post_save, sender=Reaction)
@receiver(post_delete, sender=Reaction)
@receiver(post_save, sender=Session)
@receiver(post_delete, sender=Session)
def _diary_changed(sender: Any, instance: Reaction | Session, **kwargs: Any) -> None:
    """A red flag logged (or dealt with by a later session) changes which sessions the gate allows."""
    if ReminderChoice.objects.filter(user_id=instance.owner_id, sessions=True).exists():
        _requeue_later(instance.owner_id)


@receiver(post_save, sender=Profile)
def _language_changed(sender: Any, instance: Profile, **kwargs: Any) -> None:
    if ReminderChoice.objects.filter(user_id=instance.user_id).exists():
        _requeue_later(instance.user_id)
