"""The filters of the clinic's audit page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from mesoplan.web.clinic.models.audit import ACTION_CHOICES


class AuditFilter(forms.Form):
    action = forms.ChoiceField(label=_("What happened"), required=False,
                               choices=[("", _("Anything")), *ACTION_CHOICES])
    who = forms.CharField(label=_("Who (user name)"), required=False, max_length=150)
    client = forms.CharField(label=_("Client's name"), required=False, max_length=150)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end comes before the start."))
        return cleaned

    def narrowed(self, events: QuerySet[Any]) -> QuerySet[Any]:
        """`events` narrowed by the filters (all of them when the form does not read)."""
        if not self.is_valid():
            return events
        data = self.cleaned_data
        if data["action"]:
            events = events.filter(action=data["action"])
        if data["who"]:
            events = events.filter(user_name__icontains=data["who"])
        if data["client"]:
            events = events.filter(client__name__icontains=data["client"])
        if data["since"]:
            events = events.filter(at__date__gte=data["since"])
        if data["until"]:
            events = events.filter(at__date__lte=data["until"])
        return events
