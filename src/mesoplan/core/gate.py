"""The gate: may this session happen, on this day, on these zones, with these products?

One pure decision that every action asking for a session goes through: a planned session,
a clinic session charted or signed, a home session logged in the diary, an API call. It
screens the person's intake again *as on the session's day*, with the session's own zones
and products, so that a wait that is still running on that day, a serum the screening rules
out or a zone that is not to be treated is seen exactly as the screening sees it; then it
adds what screening cannot know (the needle actually used on each zone, open red flags).

The answer is a value: findings that block, findings that need a recorded clearance (a
`consult`) and findings that need an acknowledgement stored with the session (a `caution`).
Whether an action may then go ahead is `GateAnswer.allows`; a home session logged after it
happened is never refused: its findings become alerts (decisions item 11).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any, Literal

from mesoplan.core.i18n import N_
from mesoplan.core.intake import Intake
from mesoplan.core.knowledge import Knowledge
from mesoplan.core.plan_scope import SerumChoice, serum_choice
from mesoplan.core.screening import Reason, ScreeningResult, screen
from mesoplan.core.verdicts import RANK, Verdict

Day = date  # `OpenFlag` has a field named `date`, which hides the type inside the class
Need = Literal["block", "clearance", "acknowledge"]
Action = Literal["plan", "book", "chart", "sign", "log", "api"]
ACTIONS: tuple[Action, ...] = ("plan", "book", "chart", "sign", "log", "api")

SERUM_FACTORS = frozenset({"serum_unsuitable", "serum_allergy"})
_NEED_OF: Mapping[Verdict, Need] = MappingProxyType({"stop": "block", "postpone": "block", "consult": "clearance",
                                                     "caution": "acknowledge"})

ZONE_NOT_TREATABLE = N_("{zone_names}: not a zone that can be treated here.")
ZONE_NOT_IN_INTAKE = N_("{zone_names}: not in the intake, so never screened. Add the zone to the intake first.")
NEEDLE_TOO_LONG = N_("{zone_name}: a {needle_mm} mm needle is longer than the {max_mm} mm this zone allows.")
SERUM_RULED_OUT = N_("{serum_name}: the screening rules this product out for this person. Leave it out.")
RED_FLAG_OPEN = N_("A warning sign ({symptom_name}, {flag_date}) is still open: no new session until a doctor "
                   "has seen it and a practitioner has closed it.")
RED_FLAG_OPEN_DOCTOR_ENOUGH = N_("A warning sign ({symptom_name}, {flag_date}) is still open: no new session until a "
                                 "doctor has seen it (record the visit) or a practitioner has closed it.")
RED_FLAG_SEEN = N_("A warning sign ({symptom_name}, {flag_date}) was seen by a doctor on {seen_on}; for this sign "
                   "a doctor's look is enough to go on. Confirm you have read the doctor's advice.")
NO_ZONES = N_("A session needs at least one zone.")


@dataclass(frozen=True, slots=True)
class ProposedSession:
    """A session someone wants to plan, book, chart, sign or log."""

    action: Action
    date: date
    zones: tuple[str, ...]
    # zone → needle used; a zone without one is not checked for length
    needle_mm: Mapping[str, float] = dataclasses.field(default_factory=dict)
    serums: tuple[str, ...] | None = None  # products applied; None: the intake's own serums


@dataclass(frozen=True, slots=True)
class OpenFlag:
    """A red flag of the person that no practitioner has closed."""

    symptom: str
    date: date
    symptom_name: str = ""
    seen_on: Day | None = None  # the day a doctor saw it (the flag's `seen` step), if recorded


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing that stands in the way of the session, and what it needs."""

    need: Need
    kind: str  # stop | postpone | consult | caution | serum | needle | zone | red_flag
    message_id: str
    params: Mapping[str, Any]
    sources: tuple[str, ...] = ()
    zones: tuple[str, ...] | None = None
    until: date | None = None
    rule: str = ""
    reason: Reason | None = None  # the screening's reason this comes from, if any


@dataclass(frozen=True, slots=True)
class GateAnswer:
    """What the gate found for one proposed session."""

    session: ProposedSession
    findings: tuple[Finding, ...]
    screening: ScreeningResult | None  # the screening as on the session's day (None: nothing to screen)

    @property
    def blocks(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.need == "block")

    @property
    def clearances(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.need == "clearance")

    @property
    def acknowledgements(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.need == "acknowledge")

    @property
    def consult_rules(self) -> frozenset[str]:
        """The rules a clearance must name to cover this session."""
        return frozenset(f.rule for f in self.clearances)

    def allows(self, cleared_rules: frozenset[str] = frozenset(), acknowledged: bool = False) -> bool:
        """Whether the session may go ahead, given the rules a recorded clearance covers and whether
        the cautions were acknowledged."""
        if self.blocks:
            return False
        if not self.consult_rules <= cleared_rules:
            return False
        return acknowledged or not self.acknowledgements


def ask(intake: Intake, session: ProposedSession, knowledge: Knowledge,
        open_flags: Sequence[OpenFlag] = ()) -> GateAnswer:
    """The gate's answer for a proposed session of the person whose intake this is.

    Args:
        intake: the person's intake, as parsed (any start: the session's day replaces it).
        session: the session proposed.
        knowledge: the knowledge in force for the person (a clinic's policy applied).
        open_flags: the person's red flags that are not closed.
    Returns:
        The findings, blocks first; each with its reason and sources.
    """
    findings: list[Finding] = [_flag(f, knowledge) for f in open_flags]
    zones = tuple(dict.fromkeys(session.zones))
    if not zones:
        return GateAnswer(session, (Finding("block", "zone", NO_ZONES, {}), *findings), None)
    treatable = {z for z, zone in knowledge.zones.items() if intake.setting in zone.settings}
    unknown = tuple(z for z in zones if z not in treatable)
    if unknown:
        findings.append(Finding("block", "zone", ZONE_NOT_TREATABLE, {"zone_names": unknown}, zones=unknown))
    if session.action != "plan" and intake.zones:
        unscreened = tuple(z for z in zones if z in treatable and z not in intake.zones)
        if unscreened:
            names = tuple(knowledge.zones[z].name for z in unscreened)
            findings.append(Finding("block", "zone", ZONE_NOT_IN_INTAKE, {"zone_names": names}, zones=unscreened))
    zones = tuple(z for z in zones if z in treatable)
    if not zones:
        return GateAnswer(session, _ordered(findings), None)
    serums = tuple(sorted(set(session.serums))) if session.serums is not None else intake.serums
    on_the_day = dataclasses.replace(intake, start=session.date, zones=tuple(sorted(zones)), serums=serums)
    result = screen(on_the_day, knowledge)
    findings += _serums_left_out(serum_choice(result, on_the_day, knowledge), knowledge)
    findings += _from_reasons(result, frozenset(zones), knowledge)
    findings += _needles(result, session, knowledge)
    return GateAnswer(session, _ordered(findings), result)


def consult_reasons(result: ScreeningResult) -> tuple[Reason, ...]:
    """The reasons of a screening that ask a doctor to clear the person, for the person or for a zone:
    what a recorded clearance covers."""
    return tuple(r for r in result.reasons if "consult" in (r.effect, r.zone_effect))


def _from_reasons(result: ScreeningResult, zones: frozenset[str], knowledge: Knowledge) -> list[Finding]:
    found = []
    for reason in result.reasons:
        effect = reason.effect
        if reason.zones is not None:
            if zones.isdisjoint(reason.zones):
                continue  # about a zone this session does not treat
            effect = reason.zone_effect or reason.effect
        if reason.factor in SERUM_FACTORS and _left_out(reason, knowledge):
            continue  # the serum is left out: `_serums_left_out` blocks it, once
        need = _NEED_OF.get(effect)
        if need is not None:
            found.append(Finding(need, effect, reason.message_id, reason.params, reason.sources, reason.zones,
                                 reason.until, reason.rule, reason))
    return found


def _left_out(reason: Reason, knowledge: Knowledge) -> bool:
    """Whether a serum reason is one that leaves its serum out (an allergy, or a rule that leaves it out in
    this setting), as the planner decides it (`plan_scope.serum_choice`); the others keep their verdict."""
    if reason.factor == "serum_allergy":
        return True
    return any(r.id == reason.rule and r.leave_out_in for i in knowledge.ingredients.values() for r in i.rules)


def _serums_left_out(choice: SerumChoice, knowledge: Knowledge) -> list[Finding]:
    """A product the screening rules out for this session blocks it, whatever the rule's own verdict."""
    found = []
    for serum, why in choice.left_out:
        name = knowledge.ingredients[serum].name if serum in knowledge.ingredients else serum
        found.append(Finding("block", "serum", SERUM_RULED_OUT, {"serum_name": name, "serum": serum, "why": why.text},
                             _serum_sources(serum, knowledge), None, None, f"serum:{serum}"))
    return found


def _serum_sources(serum: str, knowledge: Knowledge) -> tuple[str, ...]:
    ingredient = knowledge.ingredients.get(serum)
    return ingredient.sources if ingredient is not None else ()


def _needles(result: ScreeningResult, session: ProposedSession, knowledge: Knowledge) -> list[Finding]:
    found = []
    for zone, needle in session.needle_mm.items():
        advice = result.zones.get(zone)
        if advice is None or advice.needle is None or needle <= advice.needle.max_mm:
            continue
        found.append(Finding("block", "needle", NEEDLE_TOO_LONG,
                             {"zone_name": knowledge.zones[zone].name, "needle_mm": float(needle),
                              "max_mm": advice.needle.max_mm},
                             knowledge.zones[zone].sources, (zone,)))
    return found


def _flag(flag: OpenFlag, knowledge: Knowledge) -> Finding:
    """An open red flag blocks new sessions; once a doctor has seen it, it only asks for an acknowledgement
    where the knowledge base says a doctor's look is enough for that sign (`seen_lifts_block`)."""
    effect = knowledge.side_effects.get(flag.symptom)
    doctor_enough = effect is not None and effect.seen_lifts_block
    params: dict[str, Any] = {"symptom_name": flag.symptom_name or flag.symptom, "flag_date": flag.date,
                              "symptom": flag.symptom,
                              "level": effect.level if effect is not None and effect.level else ""}
    sources = effect.sources if effect is not None else ()
    if doctor_enough and flag.seen_on is not None:
        return Finding("acknowledge", "red_flag", RED_FLAG_SEEN, {**params, "seen_on": flag.seen_on}, sources)
    return Finding("block", "red_flag", RED_FLAG_OPEN_DOCTOR_ENOUGH if doctor_enough else RED_FLAG_OPEN, params,
                   sources)


_NEED_ORDER = MappingProxyType({"block": 0, "clearance": 1, "acknowledge": 2})


def _ordered(findings: list[Finding]) -> tuple[Finding, ...]:
    return tuple(sorted(findings, key=lambda f: (_NEED_ORDER[f.need], -RANK.get(f.kind, 0), f.rule, f.kind)))


__all__ = ["ACTIONS", "Action", "Finding", "GateAnswer", "OpenFlag", "ProposedSession", "ask", "consult_reasons"]
