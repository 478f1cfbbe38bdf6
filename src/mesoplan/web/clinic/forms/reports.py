"""The clinic's CSV reports: which one, and for which days."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mesoplan.web.clinic.forms.common import DATE, EARLIEST
from mesoplan.web.clinic.reports import KINDS
from mesoplan.web.front.display import long_date


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What to export"), choices=KINDS)
    start = forms.DateField(label=_("From"), widget=DATE)
    end = forms.DateField(label=_("To"), widget=DATE, help_text=_("Both days are included."))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        for name in ("start", "end"):
            day = cleaned.get(name)
            if day is not None and day < EARLIEST:
                self.add_error(name, _("This date is too far in the past."))
        if start and end and end < start:
            self.add_error("end", _("“To” is before “From” (%(start)s): choose a day on or after it.")
                           % {"start": long_date(start)})
        return cleaned
