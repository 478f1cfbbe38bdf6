"""The two steps of a red flag (decisions item 1): a doctor saw it, and it was resolved.

Each form checks its own input against the reaction it is about (a date neither in the future nor
before the reaction, nor a closing before the doctor's visit; a note of sensible length); the page
and the API use the same forms, so both refuse the same things with the same words.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mesoplan.web.diary.forms import DATE
from mesoplan.web.front.oversize import OversizeAwareForm
from mesoplan.web.records.models import FLAG_BY_MAX, Reaction

NOTE_MAX = 2000


class FlagStepForm(OversizeAwareForm, forms.Form):
    """A step of one reaction's red flag; `day_field` is the date the step happened."""

    day_field = ""

    def __init__(self, *args: Any, reaction: Reaction, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reaction = reaction

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        day = cleaned.get(self.day_field)
        if day is None:
            return cleaned
        if day > timezone.localdate():
            self.add_error(self.day_field, _("This date is in the future."))
        elif day < self.reaction.date:
            self.add_error(self.day_field, _("This is before the day you noticed the warning sign (%(day)s).")
                           % {"day": self.reaction.date.isoformat()})
        return cleaned


class FlagSeenForm(FlagStepForm):
    day_field = "seen_on"
    seen_on = forms.DateField(label=_("Day the doctor saw it"), widget=DATE,
                              error_messages={"required": _("Give the day the doctor saw it.")})
    note = forms.CharField(label=_("What the doctor said"), max_length=NOTE_MAX,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": _("Write a few words about what the doctor said.")})


class FlagResolvedForm(FlagStepForm):
    day_field = "resolved_on"
    resolved_on = forms.DateField(label=_("Day it was closed"), widget=DATE,
                                  error_messages={"required": _("Give the day it was closed.")})
    by = forms.CharField(label=_("Who closed it (the doctor's or practitioner's name)"), max_length=FLAG_BY_MAX,
                         error_messages={"required": _("Give the name of the doctor or practitioner who closed it.")})
    note = forms.CharField(label=_("Their advice"), max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": _("Write a few words about what they advised.")})

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        day, seen = cleaned.get("resolved_on"), self.reaction.flag_seen_on
        if day is not None and seen is not None and day < seen and "resolved_on" not in self.errors:
            self.add_error("resolved_on", _("This is before the doctor's visit you recorded (%(day)s).")
                           % {"day": seen.isoformat()})
        return cleaned
