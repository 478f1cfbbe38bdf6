"""Diary forms. Each checks its own input (types, ranges, the owner's own device or
session, dates that make sense); what the entries mean is read later by the core."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mesoplan import services
from mesoplan.web.front import glossary
from mesoplan.web.front.choices import SEVERITY_CHOICES
from mesoplan.web.front.display import zone_name
from mesoplan.web.front.oversize import OversizeAwareForm
from mesoplan.web.front.photos import reencode
from mesoplan.web.records.models import Device, Photo, Reaction, Session

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
OUTCOME_CHOICES = [("", _("Not rated"))] + [(str(i), str(i)) for i in range(1, 11)]
User = AbstractBaseUser | AnonymousUser


def _not_future(form: forms.BaseForm, field: str) -> None:
    day = form.cleaned_data.get(field)
    if day is not None and day > timezone.localdate():
        form.add_error(field, _("This date is in the future."))


class OwnedForm(OversizeAwareForm, forms.ModelForm):  # type: ignore[type-arg]
    """A model form that knows whose diary it writes to (and says which field was too long to read)."""

    def __init__(self, *args: Any, owner: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owner = owner


class SessionForm(OwnedForm):
    zones = forms.MultipleChoiceField(label=_("Areas"), widget=forms.CheckboxSelectMultiple,
                                      choices=lambda: glossary.choices("zone"))
    serum = forms.ChoiceField(label=_("Serum"), required=False,
                              choices=lambda: [("", _("None")), *glossary.choices("ingredient", serums_only=True)])
    outcome = forms.TypedChoiceField(label=_("How happy are you with your skin today? (1–10)"), required=False,
                                     choices=OUTCOME_CHOICES, coerce=int, empty_value=None)

    class Meta:
        model = Session
        fields = ("date", "setting", "zones", "device", "needle_mm", "passes", "serum", "outcome", "notes")
        widgets = {"date": DATE, "setting": forms.RadioSelect,  # noqa: RUF012 - Django Meta option
                   "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["device"].queryset = Device.objects.owned_by(self.owner)  # type: ignore[attr-defined]
        self.fields["needle_mm"].help_text = _("Leave empty to use the device's needle length.")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        _not_future(self, "date")
        return cleaned


class DeviceForm(OwnedForm):
    kind = forms.ChoiceField(label=_("Kind of device"), choices=lambda: glossary.choices("device"))

    class Meta:
        model = Device
        fields = ("kind", "label", "needle_mm", "first_used", "uses_before", "last_sanitised", "retired_on")
        widgets = {"first_used": DATE, "last_sanitised": DATE, "retired_on": DATE}  # noqa: RUF012 - Django Meta option

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for field in ("first_used", "last_sanitised", "retired_on"):
            _not_future(self, field)
        first, retired = cleaned.get("first_used"), cleaned.get("retired_on")
        if first and retired and retired < first:
            self.add_error("retired_on", _("It cannot be replaced before it was first used."))
        return cleaned


class ReactionForm(OwnedForm):
    symptom = forms.ChoiceField(label=_("What do you notice?"), choices=lambda: glossary.choices("side_effect"))
    severity = forms.TypedChoiceField(label=_("How bad is it?"), choices=SEVERITY_CHOICES, coerce=int,
                                      widget=forms.RadioSelect)
    days_after = forms.IntegerField(label=_("Or: days after that session"), required=False, min_value=0,
                                    max_value=365, help_text=_("0 is the day of the session. Fills in the date."))
    photo = forms.FileField(label=_("Photo (optional)"), required=False,
                            widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))

    class Meta:
        model = Reaction
        fields = ("session", "date", "days_after", "symptom", "severity", "notes", "photo")
        widgets = {"date": DATE, "notes": forms.Textarea(attrs={"rows": 3})}  # noqa: RUF012 - Django Meta option

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        session_field = self.fields["session"]
        session_field.queryset = Session.objects.owned_by(self.owner)  # type: ignore[attr-defined]
        session_field.label_from_instance = _session_label  # type: ignore[attr-defined]
        self.fields["date"].required = False
        self.fields["date"].help_text = _("Leave empty for today.")

    def clean_photo(self) -> Any:
        upload = self.cleaned_data.get("photo")
        return reencode(upload) if upload else None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        session, after = cleaned.get("session"), cleaned.get("days_after")
        if after is not None:
            if session is None:
                self.add_error("days_after", _("Choose the session it follows, or give the date instead."))
            elif cleaned.get("date") and cleaned["date"] != session.date + timedelta(days=after):
                self.add_error("days_after", _("This and the date say different days: clear one of them."))
            else:
                cleaned["date"] = session.date + timedelta(days=after)
        if not cleaned.get("date") and "date" not in self.errors:
            cleaned["date"] = timezone.localdate()
        day = cleaned.get("date")
        if day is not None:
            _not_future(self, "date")
            if session is not None and day < session.date:
                self.add_error("date", _("A reaction cannot come before the session it follows."))
        return cleaned


def _session_label(session: Session) -> str:
    kb = services.knowledge()
    return f"{session.date:%Y-%m-%d} · {', '.join(zone_name(z, kb) for z in session.zones)}"


class PhotoForm(OwnedForm):
    image = forms.FileField(label=_("Photo"), widget=forms.ClearableFileInput(
        attrs={"accept": "image/jpeg,image/png,image/webp"}))
    zone = forms.ChoiceField(label=_("Area"), required=False,
                             choices=lambda: [("", "—"), *glossary.choices("zone")])

    class Meta:
        model = Photo
        fields = ("image", "kind", "taken_on", "zone", "caption")
        widgets = {"taken_on": DATE}  # noqa: RUF012 - Django Meta option

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [c for c in Photo.KINDS if c[0] != "reaction"]  # type: ignore[attr-defined]

    def clean_image(self) -> Any:
        return reencode(self.cleaned_data["image"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        _not_future(self, "taken_on")
        return cleaned
