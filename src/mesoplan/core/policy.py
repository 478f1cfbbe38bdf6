"""A clinic's own wash-outs, needle limits and spacing between sessions, within the bounds the knowledge base allows.

Pure. `apply_policy` returns a new `Knowledge` carrying the clinic's values, so screening
and planning need no change and every result records both versions in
`knowledge_version` ("<knowledge version>+policy:<policy version>").
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from mesoplan.core.dates import Period
from mesoplan.core.derived import with_derived
from mesoplan.core.i18n import N_
from mesoplan.core.intake_parser import closest
from mesoplan.core.knowledge import Interval, Knowledge, NeedleRange, Rule, Zone
from mesoplan.core.policy_bounds import at_most, band_key, interval_bounds, washout_bounds
from mesoplan.core.verdicts import Setting
from mesoplan.errors import IntakeError

# A needle limit for one zone in one setting, or for the zone in every setting it allows.
NeedleKey = tuple[str, Setting] | str
POLICY_MARK = "+policy:"
# One sentence per setting, so that each language words the setting as it needs to.
_NEEDLE_ABOVE_LIMIT: Mapping[str, str] = MappingProxyType({
    "home": N_("expected a needle length above 0 and at most {max} mm (the knowledge base's limit for home): "
               "a clinic may only lower it"),
    "clinic": N_("expected a needle length above 0 and at most {max} mm (the knowledge base's limit for clinic): "
                 "a clinic may only lower it"),
})
_NOT_IN_SETTING: Mapping[str, str] = MappingProxyType({
    "home": N_("the zone '{value}' is not treated in the 'home' setting"),
    "clinic": N_("the zone '{value}' is not treated in the 'clinic' setting")})


@dataclass(frozen=True, slots=True)
class ClinicPolicy:
    """One version of a clinic's policy: wash-outs by rule id, needle maxima by zone, and days
    between sessions by needle band (`policy_bounds.band_key`: the band's upper length, "1.0").

    A `(zone, setting)` key wins over a bare `zone` key for that setting.
    """

    id: str
    version: str
    washouts: Mapping[str, Period] = field(default_factory=dict)
    needle_max: Mapping[NeedleKey, float] = field(default_factory=dict)
    intervals: Mapping[str, int] = field(default_factory=dict)


def apply_policy(knowledge: Knowledge, policy: ClinicPolicy) -> Knowledge:
    """The knowledge base with the clinic's wash-outs and needle limits in place.

    Args:
        knowledge: the knowledge base as loaded (not one a policy was already applied to).
        policy: the clinic's policy; an empty one changes nothing but the version.
    Returns:
        A new `Knowledge`; `knowledge` itself is left as it was.
    Raises:
        IntakeError: a value outside the knowledge base's bounds, an unknown rule or zone
            (field `policy.washouts.<rule_id>`, `policy.needle_max.<zone>[.<setting>]`
            or `policy.intervals.<band>`).
    """
    if POLICY_MARK in knowledge.version:
        raise IntakeError("policy", N_("a policy applies to the knowledge base as loaded, not to another policy"))
    rules = _rules(knowledge, policy.washouts)
    vocabulary = {key: replace(entry, rules=tuple(rules.get(r.id, r) for r in entry.rules))
                  if any(r.id in rules for r in entry.rules) else entry
                  for key, entry in knowledge.vocabulary.items()}
    ingredients = {key: replace(item, rules=tuple(rules.get(r.id, r) for r in item.rules))
                   if any(r.id in rules for r in item.rules) else item
                   for key, item in knowledge.ingredients.items()}
    by_factor = {key: tuple(rules.get(r.id, r) for r in group) for key, group in knowledge.rules_by_factor.items()}
    return with_derived(replace(knowledge, version=f"{knowledge.version}{POLICY_MARK}{policy.version}",
                                vocabulary=vocabulary, ingredients=ingredients, rules_by_factor=by_factor,
                                zones=_zones(knowledge, policy.needle_max),
                                intervals=_intervals(knowledge, policy.intervals)))


def _rules(knowledge: Knowledge, washouts: Mapping[str, Period]) -> dict[str, Rule]:
    """The rules whose wash-out the policy sets, each checked against its bounds."""
    by_id = {r.id: r for r in knowledge.all_rules()}
    changed = {}
    for rule_id, period in sorted(washouts.items()):
        path = f"policy.washouts.{rule_id}"
        rule = by_id.get(rule_id)
        if rule is None:
            adjustable = sorted(r.id for r in by_id.values() if r.washout is not None)
            raise IntakeError(path, N_("unknown rule '{value}'"), closest(rule_id, adjustable),
                              params={"value": rule_id})
        bounds = washout_bounds(rule, knowledge.policy_defaults)
        if bounds is None:
            raise IntakeError(path, N_("this rule has no wash-out to set"))
        low, high = bounds
        if not (at_most(low, period) and at_most(period, high)):
            raise IntakeError(path, N_("expected from {low} to {high} (the knowledge base's bounds), got {got}"),
                              params={"low": low, "high": high, "got": period})
        changed[rule_id] = replace(rule, washout=period)
    return changed


def _intervals(knowledge: Knowledge, days: Mapping[str, int]) -> tuple[Interval, ...]:
    """The needle bands with the policy's days between sessions, each only lengthened.

    A clinic's policy only applies to its clinic, so these are the clinic setting's intervals.
    """
    bands = {band_key(band): band for band in knowledge.intervals}
    wanted: dict[str, int] = {}
    for key, value in sorted(days.items()):
        path = f"policy.intervals.{key}"
        band = bands.get(key)
        if band is None:
            raise IntakeError(path, N_("unknown needle band '{value}'"), closest(key, sorted(bands)),
                              params={"value": key})
        bounds = interval_bounds(band, knowledge.policy_defaults)
        if bounds is None:
            raise IntakeError(path, N_("this needle band's spacing is already the longest allowed"))
        if isinstance(value, bool) or not isinstance(value, int) or not bounds[0] <= value <= bounds[1]:
            raise IntakeError(path, N_("expected from {low} to {high} days between sessions (a clinic may only "
                                       "lengthen the knowledge base's spacing), got {got}"),
                              params={"low": bounds[0], "high": bounds[1], "got": value})
        wanted[key] = value
    if not wanted:
        return knowledge.intervals
    return tuple(replace(band, min_days=wanted[band_key(band)]) if band_key(band) in wanted else band
                 for band in knowledge.intervals)


def _zones(knowledge: Knowledge, needle_max: Mapping[NeedleKey, float]) -> Mapping[str, Zone]:
    """The zones with the policy's needle maxima, each at most the knowledge base's."""
    wanted: dict[str, dict[Setting, float]] = {}
    # Bare zone keys first, so that a (zone, setting) key overrides them.
    for key, mm in sorted(needle_max.items(), key=lambda item: isinstance(item[0], tuple)):
        zone_id, settings, path = _needle_key(knowledge, key)
        for setting in settings:
            limit = knowledge.zones[zone_id].needle[setting].max_mm
            if isinstance(mm, bool) or not isinstance(mm, (int, float)) or not math.isfinite(mm) or not 0 < mm <= limit:
                raise IntakeError(path, _NEEDLE_ABOVE_LIMIT[setting], params={"max": float(limit)})
            wanted.setdefault(zone_id, {})[setting] = float(mm)
    if not wanted:
        return knowledge.zones
    zones = dict(knowledge.zones)
    for zone_id, limits in wanted.items():
        zone = zones[zone_id]
        needle = {s: NeedleRange(limits[s], min(band.suggested_mm, limits[s])) if s in limits else band
                  for s, band in zone.needle.items()}
        zones[zone_id] = replace(zone, needle=needle)
    return zones


def _needle_key(knowledge: Knowledge, key: NeedleKey) -> tuple[str, tuple[Setting, ...], str]:
    zone_id = key[0] if isinstance(key, tuple) else key
    path = f"policy.needle_max.{zone_id}"
    zone = knowledge.zones.get(zone_id)
    if zone is None:
        raise IntakeError(path, N_("unknown zone '{value}'"), closest(zone_id, sorted(knowledge.zones)),
                          params={"value": zone_id})
    if not isinstance(key, tuple):
        return zone_id, tuple(sorted(zone.needle)), path
    if key[1] not in zone.needle:
        problem = _NOT_IN_SETTING.get(key[1], N_("the zone '{value}' is not treated in the '{code}' setting"))
        raise IntakeError(f"{path}.{key[1]}", problem, params={"value": zone_id, "code": key[1]})
    return zone_id, (key[1],), f"{path}.{key[1]}"


__all__ = ["ClinicPolicy", "NeedleKey", "apply_policy"]
