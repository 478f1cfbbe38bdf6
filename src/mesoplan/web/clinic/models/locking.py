"""Rows that, once written, never change: the model refuses, whatever view or script tries.

Django's `QuerySet.update()` and `delete()` skip `Model.save()` and `delete()`, so the
querysets refuse too; only a raw SQL statement could get past, and nothing here writes one.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from mesoplan.web.clinic.errors import LockedRecordError


class WriteOnceQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> int:
        raise LockedRecordError(str(_("These records are kept as written: they cannot be changed.")))

    def delete(self) -> tuple[int, dict[str, int]]:
        raise LockedRecordError(str(_("These records are kept as written: they cannot be deleted.")))


class WriteOnce(models.Model):
    """A row that can be created, and then only read."""

    objects = WriteOnceQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise LockedRecordError(str(_("This record is kept as written: it cannot be changed.")))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise LockedRecordError(str(_("This record is kept as written: it cannot be deleted.")))
