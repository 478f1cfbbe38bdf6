"""Forms about a charted session: a photo, an amendment, a reaction the client reports."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mesoplan.web.clinic.forms.common import DATE, IMAGE, past_or_today
from mesoplan.web.clinic.models import Client, ClinicPhoto, ClinicReaction, ClinicSession
from mesoplan.web.front import glossary
from mesoplan.web.front.choices import SEVERITY_CHOICES
from mesoplan.web.front.photos import reencode


class PhotoForm(forms.Form):
    image = forms.FileField(label=_("Photo"), widget=IMAGE)
    kind = forms.ChoiceField(label=_("Kind"), choices=ClinicPhoto.KINDS)
    taken_on = forms.DateField(label=_("Taken on"), widget=DATE)
    zone = forms.ChoiceField(label=_("Zone"), required=False, choices=lambda: [("", "—"), *glossary.choices("zone")])
    caption = forms.CharField(label=_("Caption"), required=False, max_length=120)

    def clean_image(self) -> Any:
        return reencode(self.cleaned_data["image"])  # the diary's checks: a real image, no metadata kept

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        past_or_today(self, "taken_on")
        return cleaned


class AmendmentForm(forms.Form):
    note = forms.CharField(label=_("Amendment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=_("What is added or corrected, and why. It is dated and signed with your name."))
    photo = forms.FileField(label=_("Photo (optional)"), required=False, widget=IMAGE)
    photo_kind = forms.ChoiceField(label=_("Kind of photo"), choices=ClinicPhoto.KINDS, initial="after")

    def clean_photo(self) -> Any:
        upload = self.cleaned_data.get("photo")
        return reencode(upload) if upload else None


class ReactionForm(forms.ModelForm):  # type: ignore[type-arg]
    symptom = forms.ChoiceField(label=_("What the client notices"), choices=lambda: glossary.choices("side_effect"))
    severity = forms.TypedChoiceField(label=_("How bad is it?"), choices=SEVERITY_CHOICES, coerce=int,
                                      widget=forms.RadioSelect)

    class Meta:
        model = ClinicReaction
        fields = ("session", "date", "symptom", "severity", "notes")
        widgets = {"date": DATE, "notes": forms.Textarea(attrs={"rows": 3})}  # noqa: RUF012 - Django Meta option

    def __init__(self, *args: Any, client: Client, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        session: Any = self.fields["session"]
        session.queryset = ClinicSession.objects.filter(client=client)
        session.label_from_instance = lambda s: s.date.isoformat()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        past_or_today(self, "date")
        session, day = cleaned.get("session"), cleaned.get("date")
        if session is not None and day is not None and day < session.date:
            self.add_error("date", _("A reaction cannot come before the session it follows."))
        return cleaned
