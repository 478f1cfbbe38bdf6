"""The clinic policy form: one wash-out (a number and a unit) per adjustable rule, one needle
maximum per zone and setting, the days between sessions per needle band, each refused by its
field when outside the knowledge base's bounds."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mesoplan.core.dates import Period
from mesoplan.core.policy_bounds import at_most
from mesoplan.core.verdicts import Setting
from mesoplan.web.clinic.policy_page import NeedleItem, SpacingItem, WashoutItem, period_text

UNITS = (("days", gettext_lazy("days")), ("weeks", gettext_lazy("weeks")), ("months", gettext_lazy("months")))
# Longer than any period a clinic could mean; keeps date arithmetic of a typing slip in range.
MOST_UNITS = 10_000


class PolicyForm(forms.Form):
    def __init__(self, washouts: list[WashoutItem], needles: list[NeedleItem], spacing: list[SpacingItem],
                 *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.washouts, self.needles, self.spacing = washouts, needles, spacing
        for i in spacing:
            self.fields[i.field] = forms.IntegerField(
                label=i.label, min_value=0, max_value=MOST_UNITS, initial=i.in_force_days,
                error_messages={"required": _("Give the days between sessions as a whole number."),
                                "invalid": _("Give the days between sessions as a whole number."),
                                "min_value": _("Give the days between sessions as a whole number."),
                                "max_value": _("This spacing is far longer than the knowledge base allows.")})
        for w in washouts:
            self.fields[w.field] = forms.IntegerField(
                label=w.label, min_value=0, max_value=MOST_UNITS, initial=w.in_force.amount,
                error_messages={"required": _("Give the wait as a whole number."),
                                "invalid": _("Give the wait as a whole number."),
                                "min_value": _("Give the wait as a whole number of at least 0."),
                                "max_value": _("This wait is far longer than any range allows.")})
            self.fields[f"{w.field}_unit"] = forms.ChoiceField(
                label=_("Unit for %(name)s") % {"name": w.label}, choices=UNITS, initial=w.in_force.unit)
        for n in needles:
            self.fields[n.field] = forms.DecimalField(
                label=n.label, min_value=Decimal("0.01"), max_digits=5, decimal_places=2,
                initial=f"{n.in_force_mm:g}",
                widget=forms.NumberInput(attrs={"step": "0.05", "inputmode": "decimal"}),
                error_messages={"required": _("Give a needle length in mm, such as 0.5."),
                                "invalid": _("Give a needle length in mm, such as 0.5."),
                                "min_value": _("Give a needle length above 0 mm."),
                                "max_digits": _("Give a needle length in mm, such as 0.5."),
                                "max_whole_digits": _("Give a needle length in mm, such as 0.5."),
                                "max_decimal_places": _("Give the length to a hundredth of a mm, such as 0.25.")})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for w in self.washouts:
            amount, unit = data.get(w.field), data.get(f"{w.field}_unit")
            if amount is None or unit is None:
                continue
            period = Period(int(amount), cast(Any, unit))
            if not (at_most(w.low, period) and at_most(period, w.high)):
                self.add_error(w.field, _("%(name)s: choose from %(low)s to %(high)s, the range the knowledge base "
                                          "allows (you entered %(got)s).") % {
                    "name": w.label, "low": period_text(w.low), "high": period_text(w.high),
                    "got": period_text(period)})
        for i in self.spacing:
            days = data.get(i.field)
            if days is not None and not i.shipped_days <= days <= i.ceiling_days:
                self.add_error(i.field, _("%(name)s: choose from %(low)d to %(high)d days between sessions. A clinic "
                                          "may lengthen the knowledge base's spacing, not shorten it.") % {
                    "name": i.label, "low": i.shipped_days, "high": i.ceiling_days})
        for n in self.needles:
            mm = data.get(n.field)
            if mm is not None and mm > Decimal(str(n.shipped_mm)):
                self.add_error(n.field, _("%(name)s: at most %(max)s mm, the knowledge base's limit. A clinic may "
                                          "lower it, not raise it.") % {"name": n.label, "max": f"{n.shipped_mm:g}"})
        return data

    def washout_values(self) -> dict[str, Period]:
        """The wash-outs entered (the form is valid)."""
        return {w.rule_id: Period(int(self.cleaned_data[w.field]), self.cleaned_data[f"{w.field}_unit"])
                for w in self.washouts}

    def needle_values(self) -> dict[tuple[str, Setting], float]:
        """The needle maxima entered (the form is valid)."""
        return {(n.zone_id, n.setting): float(self.cleaned_data[n.field]) for n in self.needles}

    def spacing_values(self) -> dict[str, int]:
        """The days between sessions entered, by needle band (the form is valid)."""
        return {i.band: int(self.cleaned_data[i.field]) for i in self.spacing}
