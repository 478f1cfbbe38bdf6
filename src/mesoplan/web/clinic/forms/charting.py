"""The charting form: the session, one row per zone treated, and the products with their lots.

Rows are keyed by zone (`zone-<id>-…`), not by position, so that ticking another
zone keeps what was typed in the others. The forms check types and the vocabulary;
`clinic.charting` does the saving.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from mesoplan import services
from mesoplan.web.clinic.access import CLINICAL
from mesoplan.web.clinic.forms.common import DATE, IMAGE, past_or_today
from mesoplan.web.clinic.models import Location, Organisation
from mesoplan.web.clinic.models.sessions import PROCEDURE_CHOICES
from mesoplan.web.front import glossary
from mesoplan.web.front.photos import reencode

MAX_PRODUCTS = 20


class SessionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    procedure = forms.ChoiceField(label=_("Procedure"), choices=PROCEDURE_CHOICES)
    location = forms.ModelChoiceField(label=_("Location"), queryset=Location.objects.none(), required=False)
    practitioner = forms.ModelChoiceField(label=_("Practitioner"), queryset=get_user_model().objects.none())
    zones = forms.MultipleChoiceField(label=_("Zones treated"), widget=forms.CheckboxSelectMultiple,
                                      choices=lambda: glossary.choices("zone"))
    anaesthetic = forms.CharField(label=_("Anaesthetic"), required=False, max_length=200,
                                  help_text=_("What was applied, such as “lidocaine 5 % cream, 20 min”; "
                                              "empty for none."))
    notes = forms.CharField(label=_("Notes"), required=False, max_length=5000,
                            widget=forms.Textarea(attrs={"rows": 3}))
    before_photo = forms.FileField(label=_("Before photo"), required=False, widget=IMAGE)
    after_photo = forms.FileField(label=_("After photo"), required=False, widget=IMAGE)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        location: Any = self.fields["location"]
        location.queryset = Location.objects.filter(organisation=organisation)
        location.required = location.queryset.exists()
        practitioner: Any = self.fields["practitioner"]
        practitioner.queryset = get_user_model().objects.filter(
            clinic_memberships__organisation=organisation, clinic_memberships__role__in=CLINICAL).order_by("username")
        practitioner.label_from_instance = lambda u: u.get_full_name() or u.get_username()

    def clean_before_photo(self) -> Any:
        upload = self.cleaned_data.get("before_photo")
        return reencode(upload) if upload else None  # the diary's checks: a real image, no metadata kept

    def clean_after_photo(self) -> Any:
        upload = self.cleaned_data.get("after_photo")
        return reencode(upload) if upload else None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        past_or_today(self, "date")
        return cleaned


class ZoneRowForm(forms.Form):
    """One zone treated: device, needle length, passes."""

    device_kind = forms.ChoiceField(label=_("Device"), choices=lambda: glossary.choices("device"))
    needle_mm = forms.DecimalField(label=_("Needle (mm)"), required=False, min_value=0.01, max_value=5,
                                   max_digits=4, decimal_places=2,
                                   widget=forms.NumberInput(attrs={"step": "0.05", "inputmode": "decimal"}))
    passes = forms.IntegerField(label=_("Passes"), required=False, min_value=1, max_value=50)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        device = services.knowledge().devices.get(cleaned.get("device_kind", ""))
        if device is not None:
            if device.has_needles and cleaned.get("needle_mm") is None and "needle_mm" not in self.errors:
                self.add_error("needle_mm", _("Give the needle length used on this zone."))
            elif not device.has_needles and cleaned.get("needle_mm") is not None:
                self.add_error("needle_mm", _("This device has no needles: leave the length empty."))
        return cleaned


class ProductRowForm(forms.Form):
    """A product used: its ingredient, name, lot and expiry. A row left empty is no product."""

    ingredient = forms.ChoiceField(label=_("Ingredient"), required=False,
                                   choices=lambda: [("", "—"), *glossary.choices("ingredient")])
    product_name = forms.CharField(label=_("Product"), required=False, max_length=120)
    lot = forms.CharField(label=_("Lot number"), required=False, max_length=60)
    expiry = forms.DateField(label=_("Expiry"), required=False, widget=DATE)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.is_empty_row():
            if not cleaned.get("ingredient") and "ingredient" not in self.errors:
                self.add_error("ingredient", _("Choose what the product contains."))
            if not (cleaned.get("lot") or "").strip() and "lot" not in self.errors:
                self.add_error("lot", _("Give the lot number on the vial, so that a recall can find this client."))
        return cleaned

    def is_empty_row(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(str(data.get(k) or "").strip() for k in ("ingredient", "product_name", "lot", "expiry"))


ProductFormSet = forms.formset_factory(ProductRowForm, extra=1, max_num=MAX_PRODUCTS, validate_max=True)
