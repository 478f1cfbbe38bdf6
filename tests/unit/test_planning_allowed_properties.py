"""Properties of every plan: it applies only what the screening allows, and its dated steps and texts
agree (Hypothesis, strategies in tests/plan_strategies.py)."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings

from mesoplan.core.plan_model import Message, Plan
from plan_factories import KB, planned
from plan_strategies import plan_intakes
from profiles import examples

SETTINGS = settings(max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
SERUM_LINES = frozenset({"Serum: {serums}.", "Serum to test: {serums}."})
# Each serum rule of the knowledge base and the serum it is about.
SERUM_OF_RULE = {r.id: (i.id, r) for i in KB.ingredients.values() for r in i.rules if r.category == "serum"}
# Each rule whose product a prep step pauses, and that step.
PAUSED_BY = {rule_id: item.id for item in KB.care.values() for rule_id in item.pauses}


def excluded_serums(p: Plan, data: dict[str, Any]) -> set[str]:
    """The serums the screening rules out for this person: allergens, and those a serum rule leaves out."""
    out = set(data["serums"]) & set(data["allergies"])
    for reason in p.screening.reasons:
        found = SERUM_OF_RULE.get(reason.rule)
        if found is not None and data["setting"] in found[1].leave_out_in:
            out.add(found[0])
    return out


def applied_serum_names(p: Plan) -> set[str]:
    """The serum names any event of the plan applies or patch tests."""
    names: set[str] = set()
    for event in p.events:
        for line in event.details:
            if line.id in SERUM_LINES:
                names |= {m.id for m in line.params["serums"] if isinstance(m, Message)}
    return names


@SETTINGS
@given(plan_intakes())
def test_no_event_applies_or_tests_a_serum_the_screening_rules_out(data: dict[str, Any]) -> None:
    """Allergens and serums a rule leaves out are in no session or patch test; each is said to be left out."""
    p = planned(data)
    excluded = excluded_serums(p, data)
    assert not applied_serum_names(p) & {KB.ingredients[s].name for s in excluded}
    for session in p.sessions:
        left_out = {line.params["serum"].id for line in session.details if line.id == "Left out: {serum}: {why}"}
        assert left_out == {KB.ingredients[s].name for s in excluded}


@SETTINGS
@given(plan_intakes())
def test_a_patch_test_only_for_a_serum_the_plan_uses(data: dict[str, Any]) -> None:
    """No serum used, no patch test; a serum used and a needling day planned, a patch test of that serum."""
    p = planned(data)
    used = [s for s in data["serums"] if s not in excluded_serums(p, data)]
    patch = [e for e in p.events if e.key == "prep-patch_test"]
    assert len(patch) == (1 if used and p.sessions else 0)


@SETTINGS
@given(plan_intakes())
def test_pauses_only_for_products_taken_on_ones_own_and_never_for_a_prescribed_one(data: dict[str, Any]) -> None:
    """A pause step is planned only for a product the person still takes unprescribed; a prescribed one is
    never named as one to stop, and its reason never says to pause it."""
    p = planned(data)
    own = {PAUSED_BY[r.id] for m in data["medications"] if "stopped" not in m and not m.get("prescribed")
           for r in KB.rules_by_factor.get(("medication", m["id"]), ()) if r.id in PAUSED_BY}
    paused = {e.key.split("-")[1] for e in p.events if e.key.startswith("prep-pause")}
    assert paused == (own if p.sessions else set())
    # (an intake may name the same product twice, once prescribed and once not: then it is also one's own)
    prescribed = ({KB.vocabulary[m["id"]].name for m in data["medications"] if m.get("prescribed")}
                  - {KB.vocabulary[m["id"]].name for m in data["medications"] if not m.get("prescribed")})
    for event in p.events:
        for line in event.details:
            if line.id == "You named: {names}: last dose or use today.":
                assert not {n.id for n in line.params["names"]} & prescribed
    for reason in p.screening.reasons:
        entries = [m for m in data["medications"] if m["id"] == reason.factor]
        if entries and all(m.get("prescribed") and "stopped" not in m for m in entries):
            assert "pause" not in reason.message.lower() or "whether to pause" in reason.message.lower()


@SETTINGS
@given(plan_intakes())
def test_the_last_dose_a_reason_names_is_the_day_the_plans_pause_begins(data: dict[str, Any]) -> None:
    """Whatever moved the first session, a reason's "last dose on …" and the plan's pause name the same day."""
    p = planned(data)
    if not p.sessions:
        return
    for reason in p.screening.reasons:
        item = PAUSED_BY.get(reason.rule)
        if item is None or "last_dose" not in reason.params:
            continue
        pause = [e for e in p.events if e.key == f"prep-{item}-1"]
        if pause:
            assert pause[0].date == reason.params["last_dose"]
