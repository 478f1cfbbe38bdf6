"""Delete a photo's file once the row that pointed to it is gone for good (after the commit)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from mesoplan.web.records.models import Photo


@receiver(post_delete, sender=Photo)
def delete_photo_file(sender: type[Photo], instance: Photo, **kwargs: Any) -> None:
    name, storage = instance.image.name, instance.image.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))
