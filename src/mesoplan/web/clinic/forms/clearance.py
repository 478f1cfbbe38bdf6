"""Recording a clearance, and closing a red flag."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from mesoplan.web.clinic.forms.common import DATE, past_or_today
from mesoplan.web.clinic.models import Clearance

FLAG_STEPS = (("seen", _("A doctor has seen it")), ("resolved", _("Resolved: the client may be treated again")))


class ClearanceForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Clearance
        fields = ("cleared_by", "role", "cleared_on", "note")
        widgets: ClassVar[dict[str, forms.Widget]] = {"cleared_on": DATE, "note": forms.Textarea(attrs={"rows": 3})}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        past_or_today(self, "cleared_on")
        return data


class FlagForm(forms.Form):
    step = forms.ChoiceField(label=_("What happened"), choices=FLAG_STEPS, widget=forms.RadioSelect)
    seen_on = forms.DateField(label=_("Seen by a doctor on"), widget=DATE, required=False)
    note = forms.CharField(label=_("Note (who saw it, what they advised)"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        past_or_today(self, "seen_on")
        if data.get("step") == "seen" and not data.get("seen_on"):
            self.add_error("seen_on", _("Give the day the doctor saw it."))
        return data
