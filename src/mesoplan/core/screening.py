"""Screening: intake + knowledge → verdict for the person and for each zone.

Pure: the intake's `start` is the day screened for; no clock is read. How a
verdict is reached is explained with worked examples in docs/screening.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any, NamedTuple

from mesoplan.core.i18n import fill
from mesoplan.core.intake import Device, Intake
from mesoplan.core.knowledge import Check, Knowledge, Rule, Zone
from mesoplan.core.verdicts import RANK, Verdict

# A local condition that covers only some of the treated zones lets the
# session go ahead elsewhere: the person verdict is at most this.
PARTIAL_ZONE_EFFECT: Verdict = "caution"
PARTIAL_RANK = RANK[PARTIAL_ZONE_EFFECT]
# Conditions and medications that ended before the start leave nothing behind unless
# their rule has a wash-out; an earlier procedure (a transplant, say) still counts.
ENDING_CATEGORIES = frozenset({"condition", "medication"})


NO_PARAMS: Mapping[str, Any] = MappingProxyType({})
# NamedTuple's generated __new__ is a Python function; building the tuple directly
# skips it and makes the hot path about 3x cheaper. Field order must match the class.
_tuple_new = tuple.__new__


# The per-reason and per-zone values are NamedTuples rather than frozen dataclasses:
# just as immutable, and four times cheaper to create, which keeps a screening
# within its budget of microseconds (see bench/).
class Reason(NamedTuple):
    """Why the verdict is what it is: one rule that fired, with its dates and sources."""

    rule: str
    factor: str
    effect: Verdict
    message_id: str
    sources: tuple[str, ...]
    until: date | None = None
    zones: tuple[str, ...] | None = None
    zone_effect: Verdict | None = None  # effect on `zones` when milder for the person
    params: Mapping[str, Any] = NO_PARAMS

    @property
    def message(self) -> str:
        """The English message with its dates and values filled in."""
        return self.render(self.message_id)

    def render(self, template: str) -> str:
        """Fill a (translated) message template with this reason's dates and values."""
        return fill(template, self.params, until=self.until, zones=self.zones)


class NeedleAdvice(NamedTuple):
    """Needle length for a zone: the most allowed and the one suggested, in mm."""

    max_mm: float
    suggested_mm: float


class ZoneResult(NamedTuple):
    """The verdict for one zone, its needle advice and, if postponed, from when."""

    verdict: Verdict
    needle: NeedleAdvice | None
    until: date | None = None


@dataclass(frozen=True, slots=True)
class ScreeningResult:
    """The answer for one intake (contract §2)."""

    setting: str
    start: date
    verdict: Verdict
    earliest_start: date | None
    reasons: tuple[Reason, ...]
    zones: Mapping[str, ZoneResult]
    disagreements: tuple[str, ...]
    knowledge_version: str


def screen(intake: Intake, knowledge: Knowledge) -> ScreeningResult:
    """Screen one intake against the knowledge base.

    Args:
        intake: a parsed intake; its `start` is the day screened for.
        knowledge: the loaded knowledge base.
    Returns:
        The verdict with its reasons, per-zone verdicts and needle advice, and
        the disagreements between sources that shaped it.
    """
    run = _Run(intake, knowledge)
    run.entries()
    run.device_checks()
    run.serum_allergies()
    reasons = tuple(sorted(run.reasons, key=_reason_key))
    verdict: Verdict = "go"
    latest = intake.start
    for reason in reasons:
        if RANK[reason.effect] > RANK[verdict]:
            verdict = reason.effect
        if reason.effect == "postpone" and reason.until is not None and reason.until > latest:
            latest = reason.until
    earliest = None if verdict in ("stop", "consult") else latest
    zones = run.zone_results(reasons)  # before reading the disagreements: zones add theirs
    return ScreeningResult(
        setting=intake.setting,
        start=intake.start,
        verdict=verdict,
        earliest_start=earliest,
        reasons=reasons,
        zones=zones,
        disagreements=tuple(sorted(run.disagreements)),
        knowledge_version=knowledge.version,
    )


def _reason_key(r: Reason) -> tuple[int, str]:
    # Ties keep the order the reasons were found in, which follows the intake's
    # sorted lists, so the order never depends on how the intake was written.
    return (-RANK[r.effect], r.rule)


class _Run:
    """The state of one screening while its reasons are collected."""

    __slots__ = ("_factor_ids", "device_kind", "disagreements", "intake", "kb", "needle_ceiling",
                 "reasons", "setting", "start", "treated")

    def __init__(self, intake: Intake, knowledge: Knowledge) -> None:
        self.intake = intake
        self.kb = knowledge
        self.setting = intake.setting
        self.start = intake.start
        self.treated = frozenset(intake.zones)
        self.needle_ceiling = knowledge.settings[intake.setting].max_mm
        self.device_kind = knowledge.devices[intake.device.kind] if intake.device is not None else None
        self.reasons: list[Reason] = []
        self.disagreements: set[str] = set(knowledge.settings[intake.setting].disagreements)
        self._factor_ids: frozenset[str] | None = None

    # -- factors named in the intake --------------------------------------------------

    def entries(self) -> None:
        intake, index = self.intake, self.kb.rules_by_factor
        for c in intake.conditions:
            for rule in index.get(("condition", c.id), ()):
                self.apply(rule, c.id, c.until, c.zones)
        for m in intake.medications:
            for rule in index.get(("medication", m.id), ()):
                self.apply(rule, m.id, m.stopped or m.until, None, prescribed=m.prescribed)
        for p in intake.procedures:
            for rule in index.get(("procedure", p.id), ()):
                self.apply(rule, p.id, p.date, p.zones)
        for allergen in intake.allergies:
            for rule in index.get(("allergy", allergen), ()):
                self.apply(rule, allergen, None, None)
        for serum in intake.serums:
            for rule in index.get(("serum", serum), ()):
                self.apply(rule, "serum_unsuitable", None, None)
        person = intake.person
        if person.age is not None:
            for rule in index.get(("person", "age"), ()):
                self.apply_threshold(rule, "age", person.age)
        if person.fitzpatrick is not None:
            for rule in index.get(("person", "fitzpatrick"), ()):
                self.apply_threshold(rule, "fitzpatrick", person.fitzpatrick)

    def apply(self, rule: Rule, factor: str, anchor: date | None,
              entry_zones: tuple[str, ...] | None, prescribed: bool = False) -> None:
        """Add the reason a rule gives for one intake entry, if it gives one."""
        if self.setting not in rule.settings:
            return
        if rule.requires_any and not rule.requires_any & self.factor_ids():
            return
        effect, message, washout = rule.effect, rule.message, rule.washout
        until: date | None = None
        params = NO_PARAMS
        if anchor is None:  # ongoing, with no end date known
            if prescribed and rule.prescribed_effect is not None:
                effect, message, washout = rule.prescribed_effect, rule.prescribed_message, None
            elif rule.open_ended is not None:
                effect = rule.open_ended
        elif washout is not None:
            until = washout.after(anchor)
            if until <= self.start:
                return  # the waiting time is over by the start date
        elif anchor < self.start and rule.category in ENDING_CATEGORIES:
            return  # it ended before the start date and leaves nothing to wait for
        if washout is not None:
            params = {"washout": washout}
            if "{last_dose}" in message:
                params["last_dose"] = washout.before(self.start)
        zones = zone_effect = None
        if rule.zonal and entry_zones is not None:
            treated = self.treated
            hit = tuple([z for z in entry_zones if z in treated])
            if hit and len(hit) == len(treated):
                zones = hit
            elif RANK[effect] > PARTIAL_RANK:
                zones, zone_effect, effect = hit or entry_zones, effect, PARTIAL_ZONE_EFFECT
            else:
                zones = hit or entry_zones
        self.reasons.append(_tuple_new(Reason, (rule.id, factor, effect, message, rule.sources,
                                                until, zones, zone_effect, params)))
        if rule.disagreements:
            self.disagreements.update(rule.disagreements)

    def apply_threshold(self, rule: Rule, factor: str, value: int) -> None:
        if rule.threshold is None or self.intake.setting not in rule.settings:
            return
        test, limit = rule.threshold
        if (test == "below" and value < limit) or (test == "at_least" and value >= limit):
            self.add(Reason(rule.id, factor, rule.effect, rule.message, rule.sources,
                            params={"value": value, "limit": limit}), rule.disagreements)

    def factor_ids(self) -> frozenset[str]:
        if self._factor_ids is None:
            self._factor_ids = self.intake.factor_ids()
        return self._factor_ids

    def add(self, reason: Reason, disagreements: tuple[str, ...]) -> None:
        self.reasons.append(reason)
        if disagreements:
            self.disagreements.update(disagreements)

    def add_check(self, check: Check, factor: str, zones: tuple[str, ...] | None = None,
                  zone_effect: Verdict | None = None, **params: Any) -> None:
        self.add(Reason(check.id, factor, check.effect, check.message, check.sources,
                        None, zones, zone_effect, params), check.disagreements)

    # -- the device ---------------------------------------------------------------

    def device_checks(self) -> None:
        device = self.intake.device
        if device is None:
            return
        kind = self.kb.devices[device.kind]
        setting = self.intake.setting
        self.disagreements.update(kind.disagreements)
        if setting not in kind.settings:
            self.add(Reason(f"{kind.id}_not_for_{setting}", kind.id, kind.not_in_setting_effect,
                            kind.not_in_setting_message, kind.sources, params={"setting": setting}),
                     kind.disagreements)
        self.needle_checks(device)
        checks = self.kb.checks
        if kind.single_use and device.uses >= 1:
            self.add_check(checks["single_use_reused"], "device_hygiene", device=kind.name, uses=device.uses)
        if kind.replace_after_uses is not None and device.uses >= kind.replace_after_uses:
            self.add_check(checks["device_worn_uses"], "device_wear", device=kind.name,
                           uses=device.uses, limit=kind.replace_after_uses)
        if kind.replace_after_days is not None and device.first_used is not None:
            age_days = (self.intake.start - device.first_used).days
            if age_days >= kind.replace_after_days:
                self.add_check(checks["device_worn_age"], "device_wear", device=kind.name,
                               first_used=device.first_used, limit=kind.replace_after_days)

    def needle_checks(self, device: Device) -> None:
        if device.needle_mm is None:
            return
        setting = self.intake.setting
        limit = self.kb.settings[setting].max_mm
        checks = self.kb.checks
        if device.needle_mm > limit:
            self.add_check(checks["needle_too_long_for_setting"], "needle_length",
                           needle_mm=device.needle_mm, limit=limit, setting=setting)
            return
        too_long = tuple(z for z in self.intake.zones
                         if device.needle_mm > self.kb.zones[z].needle[setting].max_mm)
        if too_long:
            self.add_check(checks["needle_too_long_for_zone"], "needle_length", too_long,
                           needle_mm=device.needle_mm, zone_names=tuple(self.kb.zones[z].name for z in too_long))

    def serum_allergies(self) -> None:
        allergic = [s for s in self.intake.serums if s in self.intake.allergies]
        if allergic:
            self.add_check(self.kb.checks["serum_allergy"], "serum_allergy", serums=tuple(allergic))

    # -- per-zone results ---------------------------------------------------------

    def zone_results(self, reasons: tuple[Reason, ...]) -> dict[str, ZoneResult]:
        # Reasons without zones apply everywhere: fold them once, then add each zone's own.
        overall: Verdict = "go"
        overall_until: date | None = None
        zoned = []
        for r in reasons:
            if r.zones is not None:
                zoned.append(r)
                continue
            if RANK[r.effect] > RANK[overall]:
                overall = r.effect
            if r.effect == "postpone" and r.until is not None and (overall_until is None or r.until > overall_until):
                overall_until = r.until
        results = {}
        for zone_id in self.intake.zones:
            verdict, until = overall, overall_until
            for r in zoned:
                if zone_id not in r.zones:  # type: ignore[operator]  # zoned reasons have zones
                    continue
                effect = r.zone_effect or r.effect
                if RANK[effect] > RANK[verdict]:
                    verdict = effect
                if effect == "postpone" and r.until is not None and (until is None or r.until > until):
                    until = r.until
            zone = self.kb.zones[zone_id]
            if zone.disagreements:
                self.disagreements.update(zone.disagreements)
            results[zone_id] = _tuple_new(ZoneResult, (verdict, self.needle_advice(zone),
                                                       until if verdict == "postpone" else None))
        return results

    def needle_advice(self, zone: Zone) -> NeedleAdvice:
        """Most and suggested needle length for a zone in this setting, with this device and goals."""
        intake = self.intake
        band = zone.needle[self.setting]
        most = min(band.max_mm, self.needle_ceiling)
        suggested = band.suggested_mm
        if self.setting == "clinic" and intake.goals:
            goals = self.kb.goals
            goal_mm = [g.clinic_needle_mm for g in (goals[i] for i in intake.goals)
                       if g.clinic_needle_mm is not None and (not g.zones or zone.id in g.zones)]
            if goal_mm:
                suggested = max(goal_mm)
        device = intake.device
        if device is not None and device.needle_mm is not None:
            if self.device_kind is not None and self.device_kind.adjustable:
                suggested = min(suggested, device.needle_mm)
            elif device.needle_mm <= most:
                suggested = device.needle_mm
        return _tuple_new(NeedleAdvice, (most, min(suggested, most)))

__all__ = ["NeedleAdvice", "Reason", "ScreeningResult", "ZoneResult", "screen"]
