"""Screening: intake + knowledge → verdict for the person and for each zone.

Pure: the intake's `start` is the day screened for; no clock is read. How a
verdict is reached is explained with worked examples in docs/screening.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from types import MappingProxyType
from typing import Any, NamedTuple

from mesoplan.core.i18n import fill
from mesoplan.core.intake import Device, Intake
from mesoplan.core.knowledge import Check, Knowledge, Rule
from mesoplan.core.screening_index import NeedleAdvice, SettingIndex
from mesoplan.core.verdicts import RANK, Verdict

# Conditions and medications that ended before the start leave nothing behind unless
# their rule has a wash-out; an earlier procedure (a transplant, say) still counts.
ENDING_CATEGORIES = frozenset({"condition", "medication"})
# A procedure given without a date (a toxin injection, a filler, a peel) may have been done
# yesterday: its full wait is counted from the start date, never less than a dated recent one.
UNDATED_FROM_START = frozenset({"procedure"})


NO_PARAMS: Mapping[str, Any] = MappingProxyType({})
_NO_RULES: Mapping[str, tuple[Rule, ...]] = MappingProxyType({})


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
    index = knowledge.derived.screening
    run = _Run(intake, knowledge, index.settings[intake.setting])
    run.entries()
    if intake.device is not None:
        run.device_checks(intake.device)
    if intake.serums and intake.allergies:
        run.serum_allergies()
    found = run.reasons
    reasons: tuple[Reason, ...]
    if len(found) == 2:  # sorted as `_reason_key` would, without calling it (two is common)
        first, second = found
        rank_first, rank_second = RANK[first.effect], RANK[second.effect]
        swap = rank_second > rank_first or (rank_second == rank_first and second.rule < first.rule)
        reasons = (second, first) if swap else (first, second)
    elif len(found) > 2:
        reasons = tuple(sorted(found, key=_reason_key))
    else:
        reasons = tuple(found)
    verdict: Verdict = "go"
    latest = intake.start
    for reason in reasons:
        if RANK[reason.effect] > RANK[verdict]:
            verdict = reason.effect
        if reason.effect == "postpone" and reason.until is not None and reason.until > latest:
            latest = reason.until
    earliest = None if verdict in ("stop", "consult") else latest
    zones = run.zone_results(reasons, index.zone_disagreements)  # before reading the disagreements
    named = run.disagreements
    disagreements = tuple(sorted(named)) if named is not None else run.index.disagreements_sorted
    return ScreeningResult(intake.setting, intake.start, verdict, earliest, reasons, zones, disagreements,
                           knowledge.version)


def _reason_key(r: Reason) -> tuple[int, str]:
    # Ties keep the order the reasons were found in, which follows the intake's
    # sorted lists, so the order never depends on how the intake was written.
    return (-RANK[r.effect], r.rule)


class _Run:
    """The state of one screening while its reasons are collected."""

    __slots__ = ("_factor_ids", "disagreements", "index", "intake", "kb", "reasons", "start")

    def __init__(self, intake: Intake, knowledge: Knowledge, index: SettingIndex) -> None:
        self.intake = intake
        self.kb = knowledge
        self.index = index  # the rules and needle bands of this setting only
        self.start = intake.start
        self.reasons: list[Reason] = []
        # Most screenings name no disagreement beyond the setting's: the set is made when one does.
        self.disagreements: set[str] | None = None
        self._factor_ids: frozenset[str] | None = None

    def disagree(self, ids: tuple[str, ...]) -> None:
        """Show these disagreements too."""
        if self.disagreements is None:
            self.disagreements = set(self.index.disagreements)
        self.disagreements.update(ids)

    # -- factors named in the intake --------------------------------------------------

    def entries(self) -> None:
        # The index holds only the rules of this setting, so none is skipped for its setting here.
        intake, index, none = self.intake, self.index.by_category, _NO_RULES
        if intake.conditions:
            rules = index.get("condition", none)
            for c in intake.conditions:
                for rule in rules.get(c.id, ()):
                    self.apply(rule, c.id, c.until, c.zones, note=c.note)
        if intake.medications:
            rules = index.get("medication", none)
            for m in intake.medications:
                for rule in rules.get(m.id, ()):
                    measured = _inr_reading(rule, m.inr)
                    if rule.inr is not None and measured is None:
                        continue  # an INR rule speaks only about a recorded result on its side of the limit
                    self.apply(rule, m.id, m.stopped or m.until, None, m.prescribed and m.stopped is None, m.note,
                               measured)
        if intake.procedures:
            rules = index.get("procedure", none)
            for p in intake.procedures:
                for rule in rules.get(p.id, ()):
                    self.apply(rule, p.id, p.date, p.zones)
        if intake.allergies:
            rules = index.get("allergy", none)
            for allergen in intake.allergies:
                for rule in rules.get(allergen, ()):
                    self.apply(rule, allergen, None, None)
        if intake.serums:
            rules = index.get("serum", none)
            for serum in intake.serums:
                for rule in rules.get(serum, ()):
                    self.apply(self.with_usable_alternative(rule), "serum_unsuitable", None, None)
        person = intake.person
        if person.age is not None or person.fitzpatrick is not None:
            rules = index.get("person", none)
            for factor, value in (("age", person.age), ("fitzpatrick", person.fitzpatrick)):
                if value is None:
                    continue
                for rule in rules.get(factor, ()):
                    if rule.threshold is None:
                        continue
                    test, limit = rule.threshold
                    if (test == "below" and value < limit) or (test == "at_least" and value >= limit):
                        self.add(Reason(rule.id, factor, rule.effect, rule.message, rule.sources,
                                        params={"value": value, "limit": limit}), rule.disagreements)

    def apply(self, rule: Rule, factor: str, anchor: date | None,
              entry_zones: tuple[str, ...] | None, prescribed: bool = False, note: str = "",
              measured: Mapping[str, float] | None = None) -> None:
        """Add the reason a rule gives for one intake entry (in this setting), if it gives one.

        `prescribed`: a medication still taken on prescription (not one already stopped).
        `note`: the entry's free text, kept with the reason (`params["note"]`) for whoever must review it.
        `measured`: a recorded value the rule judged and its limit (`{value}`, `{limit}` in the message).
        """
        if rule.requires_any and not rule.requires_any & self.factor_ids():
            return
        effect, message, washout = rule.effect, rule.message, rule.washout
        until: date | None = None
        params = NO_PARAMS
        if anchor is None and washout is not None and rule.category in UNDATED_FROM_START and rule.open_ended is None:
            anchor = self.start  # undated: as if done on the start day, so the full wait is counted from it
        if anchor is None:  # ongoing, with no end date known
            if prescribed and rule.prescribed_effect is not None:
                effect, message, washout = rule.prescribed_effect, rule.prescribed_message, None
            elif rule.open_ended is not None:
                effect = rule.open_ended
        elif washout is not None:
            until = washout.after(anchor)
            if until <= self.start:
                return  # the waiting time is over by the start date
            if prescribed and rule.prescribed_message:
                message = rule.prescribed_message  # its end is the prescriber's: never "pause it" (E3)
        elif anchor < self.start and rule.category in ENDING_CATEGORIES:
            return  # it ended before the start date and leaves nothing to wait for
        if washout is not None:
            params = {"washout": washout}
            if rule.id in self.index.last_dose:
                params["last_dose"] = washout.before(self.start)
        if note:
            params = {**params, "note": note}
        if measured:
            params = {**params, **measured}
        zones = zone_effect = None
        if rule.zonal and entry_zones is not None:
            treated = frozenset(self.intake.zones)
            hit = tuple([z for z in entry_zones if z in treated])
            if hit and len(hit) == len(treated):
                zones = hit
            elif RANK[effect] > self.index.partial_rank:
                # Partial: the session goes ahead elsewhere (thresholds.yaml `partial_zone`).
                zones, zone_effect, effect = hit or entry_zones, effect, self.index.partial_effect
            else:
                zones = hit or entry_zones
        self.reasons.append(Reason(rule.id, factor, effect, message, rule.sources, until, zones, zone_effect, params))
        if rule.disagreements:
            self.disagree(rule.disagreements)

    def with_usable_alternative(self, rule: Rule) -> Rule:
        """The rule, with the message that offers no alternative when the person cannot use the serum
        it offers: allergic to it, or a rule of this setting leaves that serum out too."""
        other = rule.alternative
        if other is None:
            return rule
        left_out = any(self.intake.setting in r.leave_out_in
                       for r in self.index.by_category.get("serum", _NO_RULES).get(other, ()))
        if other in self.intake.allergies or left_out:
            return replace(rule, message=rule.without_alternative_message)
        return rule

    def factor_ids(self) -> frozenset[str]:
        if self._factor_ids is None:
            self._factor_ids = self.intake.factor_ids()
        return self._factor_ids

    def add(self, reason: Reason, disagreements: tuple[str, ...]) -> None:
        self.reasons.append(reason)
        if disagreements:
            self.disagree(disagreements)

    def add_check(self, check: Check, factor: str, zones: tuple[str, ...] | None = None,
                  zone_effect: Verdict | None = None, **params: Any) -> None:
        self.add(Reason(check.id, factor, check.effect, check.message, check.sources, None, zones, zone_effect, params),
                 check.disagreements)

    # -- the device ---------------------------------------------------------------

    def device_checks(self, device: Device) -> None:
        kind = self.kb.devices[device.kind]
        setting = self.intake.setting
        if kind.disagreements:
            self.disagree(kind.disagreements)
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
        limit = self.index.ceiling
        checks = self.kb.checks
        if device.needle_mm > limit:
            self.add_check(checks["needle_too_long_for_setting"], "needle_length",
                           needle_mm=device.needle_mm, limit=limit, setting=setting)
            return
        # The needle is within the setting's ceiling here, so the zone's own limit decides.
        advice, mm = self.index.advice, device.needle_mm
        too_long = tuple([z for z in self.intake.zones if mm > advice[z].max_mm])
        # A clinic's pen is set per zone (checks.yaml `needle_set_per_zone`): one zone's limit is no fault of
        # the session. A fixed length, or a pen at home, is too long there.
        per_zone = setting == "clinic" and self.kb.devices[device.kind].adjustable
        if too_long:
            self.add_check(checks["needle_set_per_zone" if per_zone else "needle_too_long_for_zone"], "needle_length",
                           too_long,
                           needle_mm=device.needle_mm, zone_names=tuple(self.kb.zones[z].name for z in too_long))

    def serum_allergies(self) -> None:
        allergic = [s for s in self.intake.serums if s in self.intake.allergies]
        if allergic:
            self.add_check(self.kb.checks["serum_allergy"], "serum_allergy", serums=tuple(allergic))

    # -- per-zone results ---------------------------------------------------------

    def zone_results(self, reasons: tuple[Reason, ...],
                     zone_disagreements: Mapping[str, tuple[str, ...]]) -> dict[str, ZoneResult]:
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
        intake = self.intake
        advice = self.index.advice_for(intake.goals)
        device = intake.device
        needle_mm = device.needle_mm if device is not None else None
        adjustable = needle_mm is not None and self.kb.devices[device.kind].adjustable  # type: ignore[union-attr]
        if not zone_disagreements.keys().isdisjoint(intake.zones):  # most zones bring none
            for zone_id in intake.zones:
                if zone_id in zone_disagreements:
                    self.disagree(zone_disagreements[zone_id])
        if not zoned and needle_mm is None:  # the common case, kept short: every zone alike
            until = overall_until if overall == "postpone" else None
            return {z: ZoneResult(overall, advice[z], until) for z in intake.zones}
        results = {}
        for zone_id in intake.zones:
            verdict, until = overall, overall_until
            for r in zoned:
                if zone_id not in r.zones:  # type: ignore[operator]  # zoned reasons have zones
                    continue
                effect = r.zone_effect or r.effect
                if RANK[effect] > RANK[verdict]:
                    verdict = effect
                if effect == "postpone" and r.until is not None and (until is None or r.until > until):
                    until = r.until
            needle = advice[zone_id]
            if needle_mm is not None:
                needle = _with_device(needle, needle_mm, adjustable)
            results[zone_id] = ZoneResult(verdict, needle, until if verdict == "postpone" else None)
        return results


def _with_device(advice: NeedleAdvice, needle_mm: float, adjustable: bool) -> NeedleAdvice:
    """A pen suggests no more than its set depth; a fixed-length device that fits, its own length."""
    most, suggested = advice
    if adjustable:
        if needle_mm < suggested:
            return NeedleAdvice(most, needle_mm)
    elif needle_mm <= most:
        return NeedleAdvice(most, needle_mm)
    return advice


__all__ = ["NeedleAdvice", "Reason", "ScreeningResult", "ZoneResult", "screen"]


def _inr_reading(rule: Rule, inr: float | None) -> Mapping[str, float] | None:
    """`{value, limit}` when a rule on the INR (`inr: {above | at_most: N}`) holds for the recorded result."""
    if rule.inr is None or inr is None:
        return None
    test, limit = rule.inr
    holds = inr > limit if test == "above" else inr <= limit
    return {"value": inr, "limit": limit} if holds else None
