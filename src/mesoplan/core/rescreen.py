"""What a clinic's policy change can reach, pure: the re-screen's test of which clients to screen again.

A policy changes wash-outs and needle bands only; `policy_diff` says which, and `PolicyDiff`
and `planner_reads_washout` say whether an intake's screening or plan can differ under it.
The bulk re-screen itself reads and writes the clinic's clients (`web.clinic.rescreen`).
"""

from __future__ import annotations

from typing import NamedTuple

from mesoplan.core.intake import Intake
from mesoplan.core.knowledge import Knowledge


class PolicyDiff(NamedTuple):
    """What differs between two policies over one knowledge base: all a policy can change."""

    rules: frozenset[str]  # rules whose wash-out differs
    factors: frozenset[str]  # the intake ids those rules belong to
    bands: frozenset[tuple[str, str]]  # (zone, setting) whose needle band differs
    spacing: bool = False  # the days between sessions of a needle band differ (every clinic plan may move)

    def touches(self, intake: Intake) -> bool:
        """Whether this intake's answer or plan can differ: it names such a factor or zone.

        Screening and planning read the knowledge base only through the rules of the
        intake's own factors and the bands of its own zones, and a policy changes nothing else.
        """
        return bool(self.factors & intake.factor_ids()) or self.touches_bands(intake) or self.touches_spacing(intake)

    def touches_spacing(self, intake: Intake) -> bool:
        """Whether the intake's plan may be spaced otherwise: a policy sets spacing for its clinic only."""
        return self.spacing and intake.setting == "clinic"

    def touches_bands(self, intake: Intake) -> bool:
        """Whether one of the intake's zones has another needle band in its setting."""
        return any((zone, intake.setting) in self.bands for zone in intake.zones)


def policy_diff(old: Knowledge, new: Knowledge) -> PolicyDiff:
    """The rules and needle bands that differ between two policies applied to the same base."""
    rules = washout_changes(old, new)
    factors = frozenset(r.factor for r in new.all_rules() if r.id in rules)
    bands = frozenset((zone_id, setting) for zone_id, zone in new.zones.items()
                      for setting, band in zone.needle.items() if old.zones[zone_id].needle.get(setting) != band)
    return PolicyDiff(rules, factors, bands, old.intervals != new.intervals)


def washout_changes(old: Knowledge, new: Knowledge) -> frozenset[str]:
    """The rules whose wash-out differs between two knowledge bases (before and after a policy change)."""
    before = {r.id: r.washout for r in old.all_rules()}
    return frozenset(r.id for r in new.all_rules() if before.get(r.id, r.washout) != r.washout)


def planner_reads_washout(intake: Intake, knowledge: Knowledge, rule_ids: frozenset[str]) -> bool:
    """Whether planning this intake reads the wash-out of one of these rules, besides its screening.

    The planner names the medicines still taken (no `stopped`) whose rule pauses them
    (`open_ended: caution`, listed under a prep step's `pauses` in care.yaml) under that
    step, which starts as long before each session as the longest of their wash-outs
    (`plan_events.pause_days`), so a plan can change with such a wash-out while the
    screening stays the same. No other wash-out reaches a plan but through the screening.
    """
    if not rule_ids:
        return False
    rules = knowledge.rules_by_factor
    return any(rule.id in rule_ids and rule.open_ended == "caution" for m in intake.medications if m.stopped is None
               for rule in rules.get(("medication", m.id), ()))


__all__ = ["PolicyDiff", "planner_reads_washout", "policy_diff", "washout_changes"]
