"""What the clinic policy page offers: every wash-out, needle limit and spacing a clinic may change, with the
shipped value, the knowledge base's bounds and their sources; and how many clients a change reaches.

The bounds are the knowledge base's (policy.yaml, each rule's `policy_washout`, zones.yaml),
read through `core.policy_bounds`; the page never holds a clinical number of its own.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext, ngettext

from mesoplan import services
from mesoplan.core.dates import Period
from mesoplan.core.intake_parser import IntakeParser
from mesoplan.core.knowledge import Knowledge, Rule
from mesoplan.core.policy import apply_policy
from mesoplan.core.policy_bounds import band_key, interval_bounds, washout_bounds, washout_sources
from mesoplan.core.policy_parser import parse_policy
from mesoplan.core.rescreen import policy_diff
from mesoplan.core.verdicts import SETTINGS, Setting
from mesoplan.errors import IntakeError
from mesoplan.web.clinic import policies, rescreen, rescreen_rows
from mesoplan.web.clinic.models import Organisation
from mesoplan.web.front.display import SourceRef, source_refs, zone_name


@dataclass(frozen=True)
class WashoutItem:
    """One wash-out a clinic may change."""

    rule_id: str
    label: str
    shipped: Period
    low: Period
    high: Period
    in_force: Period
    sources: list[SourceRef]

    @property
    def field(self) -> str:
        return f"w_{self.rule_id}"

    @property
    def shipped_text(self) -> str:
        return period_text(self.shipped)

    @property
    def low_text(self) -> str:
        return period_text(self.low)

    @property
    def high_text(self) -> str:
        return period_text(self.high)


@dataclass(frozen=True)
class NeedleItem:
    """One zone's needle maximum in one setting, which a clinic may lower."""

    zone_id: str
    setting: Setting
    label: str
    shipped_mm: float
    in_force_mm: float
    sources: list[SourceRef]

    @property
    def field(self) -> str:
        return f"n_{self.zone_id}_{self.setting}"

    @property
    def shipped_text(self) -> str:
        return f"{self.shipped_mm:g}"


@dataclass(frozen=True)
class SpacingItem:
    """The days between clinic sessions for one needle band, which a clinic may lengthen."""

    band: str  # `policy_bounds.band_key`: the band's upper needle length, "1.0"
    label: str
    shipped_days: int
    ceiling_days: int
    in_force_days: int
    sources: list[SourceRef]

    @property
    def field(self) -> str:
        return f"i_{self.band.replace('.', '_')}"


@dataclass(frozen=True)
class Reach:
    """How many of the clinic's clients with an intake a change reaches (see `reach`)."""

    reached: int
    total: int
    unreadable: int


def period_text(period: Period) -> str:
    """A period in the visitor's language: "6 months", "1 day"."""
    words = {
        "days": ngettext("%(n)d day", "%(n)d days", period.amount),
        "weeks": ngettext("%(n)d week", "%(n)d weeks", period.amount),
        "months": ngettext("%(n)d month", "%(n)d months", period.amount),
    }
    return words[period.unit] % {"n": period.amount}


def setting_text(setting: str) -> str:
    return gettext("in the clinic") if setting == "clinic" else gettext("at home")


def washout_items(shipped: Knowledge, in_force: Knowledge) -> list[WashoutItem]:
    """Every rule whose wash-out a clinic may set to more than one value, by the factor's name."""
    now = {r.id: r.washout for r in in_force.all_rules()}
    items = []
    for rule in shipped.all_rules():
        bounds = washout_bounds(rule, shipped.policy_defaults)
        if rule.washout is None or bounds is None or bounds[0] == bounds[1]:
            continue
        items.append(WashoutItem(rule.id, _rule_label(rule, shipped), rule.washout, bounds[0], bounds[1],
                                 now.get(rule.id) or rule.washout,
                                 source_refs(washout_sources(rule, shipped.policy_defaults), shipped)))
    return sorted(items, key=lambda item: item.label.casefold())


def needle_items(shipped: Knowledge, in_force: Knowledge) -> list[NeedleItem]:
    """Every zone's needle maximum in each setting it is treated in: the clinic's setting first."""
    items = []
    for setting in sorted(SETTINGS, key=lambda s: s != "clinic"):
        for zone_id, zone in shipped.zones.items():
            band = zone.needle.get(setting)
            if band is None:
                continue
            label = f"{zone_name(zone_id, shipped)} — {setting_text(setting)}"
            items.append(NeedleItem(zone_id, setting, label, band.max_mm,
                                    in_force.zones[zone_id].needle[setting].max_mm, source_refs(zone.sources, shipped)))
    return items


def spacing_items(shipped: Knowledge, in_force: Knowledge) -> list[SpacingItem]:
    """Every needle band whose days between sessions a clinic may lengthen (not those at the ceiling)."""
    now = {band_key(b): b.min_days for b in in_force.intervals}
    items = []
    for band in shipped.intervals:
        bounds = interval_bounds(band, shipped.policy_defaults)
        if bounds is None:
            continue
        key = band_key(band)
        label = gettext("Needles up to %(mm)s mm") % {"mm": f"{band.up_to_mm:g}"}
        ceiling_sources = shipped.policy_defaults.interval_sources if shipped.policy_defaults else ()
        sources = (*band.sources, *ceiling_sources)
        items.append(SpacingItem(key, label, band.min_days, bounds[1], now.get(key, band.min_days),
                                 source_refs(tuple(dict.fromkeys(sources)), shipped)))
    return items


def policy_from(washouts: Mapping[str, Period], needles: Mapping[tuple[str, Setting], float],
                shipped: Knowledge, spacing: Mapping[str, int] | None = None) -> dict[str, Any]:
    """The plain policy data (`core.policy_parser`) of the values that differ from the shipped ones."""
    rules = {r.id: r for r in shipped.all_rules()}
    data: dict[str, Any] = {"washouts": {}, "needle_max": {}, "intervals": {}}
    shipped_days = {band_key(b): b.min_days for b in shipped.intervals}
    for band, days in sorted((spacing or {}).items()):
        if days != shipped_days[band]:
            data["intervals"][band] = days
    for rule_id, period in sorted(washouts.items()):
        if period != rules[rule_id].washout:
            data["washouts"][rule_id] = {"amount": period.amount, "unit": period.unit}
    for (zone_id, setting), mm in sorted(needles.items()):
        if mm != shipped.zones[zone_id].needle[setting].max_mm:
            data["needle_max"].setdefault(zone_id, {})[setting] = mm
    return {key: value for key, value in data.items() if value}


def reach(organisation: Organisation, data: Mapping[str, Any]) -> Reach:
    """How many of the clinic's clients a new policy reaches: those whose intake names a medicine,
    condition or procedure whose wash-out changes, or a zone whose needle limit changes, in the
    clinic's setting, or every client when the spacing between sessions changes (`PolicyDiff.touches`,
    as the re-screen decides whom to screen again).

    Raises:
        IntakeError: the data is outside the knowledge base's bounds (`policy.…`).
    """
    in_force, _ = policies.knowledge_in_force(organisation.pk)
    proposed = apply_policy(services.knowledge(), parse_policy(data, policies.policy_id(organisation.pk)))
    diff = policy_diff(in_force, proposed)
    scope = rescreen_rows.with_intake(organisation)
    total = scope.count()
    if not (diff.rules or diff.bands or diff.spacing):
        return Reach(0, total, 0)
    # Only intakes whose stored text names a changed factor or zone can be reached (found by the
    # database, as the re-screen finds them); `touches` then decides on the parsed intake.
    named = [Q(intake_text__contains=f'"{word}"') for word in sorted(rescreen._words(diff))]
    if diff.spacing:
        named = [Q()]  # a change of spacing may move any client's plan
    candidates = (scope.annotate(intake_text=Cast("intake", output_field=TextField()))
                  .filter(functools.reduce(operator.or_, named)).order_by("pk")
                  .values_list("intake", "intake_taken_on"))
    parser = IntakeParser(in_force)
    reached = unreadable = 0
    for intake, taken_on in candidates.iterator():
        try:
            parsed = parser.parse(intake, default_start=_day(taken_on))
        except IntakeError:
            unreadable += 1
            continue
        reached += diff.touches(parsed)
    return Reach(reached, total, unreadable)


def _day(value: object) -> date | None:
    return value if isinstance(value, date) else None


def _rule_label(rule: Rule, knowledge: Knowledge) -> str:
    """The factor's name, with the setting where a factor has one rule per setting."""
    entry = knowledge.vocabulary.get(rule.factor if rule.category != "person" else f"person:{rule.factor}")
    name = gettext(entry.name) if entry is not None and entry.category == rule.category else rule.factor
    if len(rule.settings) == 1:
        name = f"{name} — {setting_text(next(iter(rule.settings)))}"
    return name
