"""What a plan may use for one person: the serums the screening leaves in, the preparation
steps that concern them, and the screening's texts dated from the plan's real first session.

A plan never applies what the screening rules out: a serum the person is allergic to, or
one a serum rule leaves out in this setting (`leave_out_in` in ingredients.yaml), appears
in no session, patch test or export; the session says instead that it was left out and why.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from mesoplan.core.i18n import N_
from mesoplan.core.intake import Intake, Medication
from mesoplan.core.knowledge import PATCH_TEST, CareItem, Knowledge, Rule
from mesoplan.core.plan_model import Message
from mesoplan.core.screening import ScreeningResult


@dataclass(frozen=True, slots=True)
class SerumChoice:
    """The intake's serums split into those the plan uses and those it leaves out, with why."""

    used: tuple[str, ...]
    left_out: tuple[tuple[str, Message], ...] = ()


def serum_choice(screening: ScreeningResult, intake: Intake, kb: Knowledge) -> SerumChoice:
    """The serums a plan may apply: none the person is allergic to, none a serum rule of the
    screening leaves out in this setting."""
    if not intake.serums:
        return SerumChoice(())
    rules = {r.id: (ingredient.id, r) for ingredient in kb.ingredients.values() for r in ingredient.rules}
    why: dict[str, Message] = {}
    for serum in intake.serums:
        if serum in intake.allergies:
            why[serum] = Message(N_("you are allergic to it."))
    for reason in screening.reasons:
        found = rules.get(reason.rule)
        if found is not None and intake.setting in found[1].leave_out_in and found[0] in intake.serums:
            why.setdefault(found[0], Message(reason.message_id, reason.params))
    return SerumChoice(tuple(s for s in intake.serums if s not in why),
                       tuple((s, why[s]) for s in intake.serums if s in why))


def taken_medicines(item: CareItem, intake: Intake, kb: Knowledge) -> list[tuple[Medication, Rule]]:
    """The medicines the person still takes that this prep step is about, each with its rule."""
    if not item.pauses:
        return []
    out = []
    for med in intake.medications:
        if med.stopped is None:
            rule = next((r for r in kb.rules_by_factor.get(("medication", med.id), ()) if r.id in item.pauses), None)
            if rule is not None:
                out.append((med, rule))
    return out


def prep_items(screening: ScreeningResult, intake: Intake, kb: Knowledge, serums: SerumChoice,
               zones: tuple[str, ...]) -> list[CareItem]:
    """The preparation steps of this person's plan, in the knowledge base's order.

    The patch test only when a serum is used; a pause only when the person takes a product it
    is about (a prescribed one turns it into a step that sends them to the prescriber); a step
    asked for by some reasons (`when_reasons`) or zones (`when_zones`, among the treated
    `zones`) only when the screening gives one of them and the plan treats one of those zones;
    none that puts on the skin something the person is allergic to (`uses`).
    """
    fired = {r.rule for r in screening.reasons}
    out = []
    for item in kb.care.values():
        if item.phase != "prep" or intake.setting not in item.settings:
            continue
        if item.id == PATCH_TEST and not serums.used:
            continue
        if item.pauses and not taken_medicines(item, intake, kb):
            continue
        if item.when_reasons and fired.isdisjoint(item.when_reasons):
            continue
        if item.when_zones and set(zones).isdisjoint(item.when_zones):
            continue
        if allergens_in(item, intake):
            continue
        out.append(item)
    return out


def allergens_in(item: CareItem, intake: Intake) -> tuple[str, ...]:
    """The ingredients a care step puts on the skin that the person is allergic to."""
    return tuple(i for i in item.uses if i in intake.allergies)


def left_out_steps(intake: Intake, kb: Knowledge) -> list[Message]:
    """Why a preparation step that uses an allergen of the person is not in the plan."""
    return [Message(N_("“{title}” is left out: you are allergic to {allergens}."),
                    {"title": Message(item.title),
                     "allergens": tuple(Message(kb.ingredients[i].name) for i in allergens_in(item, intake))})
            for item in kb.care.values()
            if item.phase == "prep" and intake.setting in item.settings and allergens_in(item, intake)]


def dated_from(screening: ScreeningResult, first: date) -> ScreeningResult:
    """The screening as the plan shows it: each "last dose on … at the latest" counted back from
    the plan's first session rather than from the intake's wished start.

    Only texts change: verdicts, reasons, their rules and `until` dates stay as screened.
    """
    if first == screening.start:
        return screening
    reasons = tuple(r._replace(params={**r.params, "last_dose": r.params["washout"].before(first)})
                    if "last_dose" in r.params and "washout" in r.params else r for r in screening.reasons)
    return replace(screening, reasons=reasons)


__all__ = ["PATCH_TEST", "SerumChoice", "allergens_in", "dated_from", "left_out_steps", "prep_items", "serum_choice",
           "taken_medicines"]
