"""Form pieces the clinic's forms share."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
IMAGE = forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
EARLIEST = date(1900, 1, 1)


def past_or_today(form: forms.BaseForm, field: str) -> None:
    """A field's date may not lie in the future (nor before 1900, a typing slip)."""
    day = form.cleaned_data.get(field)
    if day is None:
        return
    if day > timezone.localdate():
        form.add_error(field, _("This date is in the future."))
    elif day < EARLIEST:
        form.add_error(field, _("This date is too far in the past."))


def choose_among(field: Any, organisations: QuerySet[Any]) -> None:
    """Limit a clinic choice to `organisations`; with only one, it is chosen and not shown."""
    field.queryset = organisations
    if organisations.count() == 1:
        field.initial = organisations.first()
        field.widget = forms.HiddenInput()
