"""The bulk re-screen core: digests of answers, one screening per distinct intake, only changes returned."""

from __future__ import annotations

import dataclasses
import random
from datetime import date
from hashlib import blake2b
from typing import Any

from hypothesis import HealthCheck, given, settings

from factories import condition, contract_example, device, intake, medication, procedure
from mesoplan.core.dates import Period
from mesoplan.core.intake import Intake
from mesoplan.core.intake_parser import IntakeParser
from mesoplan.core.planning import plan
from mesoplan.core.policy import ClinicPolicy, apply_policy
from mesoplan.core.rescreen import (
    Summary,
    planner_reads_washout,
    rescreen,
    result_digest,
    summarise,
    washout_changes,
)
from mesoplan.core.screening import ScreeningResult, screen
from strategies import KB, any_intakes, shuffled

EXAMPLES = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PARSER = IntakeParser(KB)
ISOTRETINOIN = intake(medications=[medication("isotretinoin", stopped=date(2026, 8, 1))])
NINE_MONTHS = apply_policy(KB, ClinicPolicy("c", "9m", {"isotretinoin_washout": Period(9, "months")}))


def parsed(data: dict[str, Any]) -> Intake:
    return PARSER.parse(data)


def digest(data: dict[str, Any], knowledge: Any = KB) -> str:
    return result_digest(screen(parsed(data), knowledge))


# -- the digest ----------------------------------------------------------------------------


@EXAMPLES
@given(any_intakes())
def test_the_digest_is_the_same_whatever_the_order_of_the_intakes_lists(data: dict[str, Any]) -> None:
    """An intake written in another order screens to the same digest."""
    assert digest(data) == digest(shuffled(data, random.Random(7)))


def test_the_digest_is_short_hex() -> None:
    """24 hexadecimal characters: it fits the client row's column."""
    value = digest(ISOTRETINOIN)
    assert len(value) == 24 and int(value, 16) >= 0


def test_a_later_earliest_start_changes_the_digest() -> None:
    """Nine months of isotretinoin wash-out instead of six: a new date, a new digest."""
    assert digest(ISOTRETINOIN) != digest(ISOTRETINOIN, NINE_MONTHS)


def test_a_lower_needle_limit_changes_the_digest_without_changing_the_verdict() -> None:
    """The zone's needle advice is part of the answer (the plan's sessions follow it)."""
    data = intake(zones=["cheeks"])
    thinner = apply_policy(KB, ClinicPolicy("c", "n", {}, {"cheeks": 0.3}))
    before, after = screen(parsed(data), KB), screen(parsed(data), thinner)
    assert before.verdict == after.verdict
    assert result_digest(before) != result_digest(after)


def test_wording_sources_and_versions_do_not_change_the_digest() -> None:
    """Rewording a message, citing another source or a new knowledge version is not a new answer."""
    result = screen(parsed(ISOTRETINOIN), KB)
    reworded = dataclasses.replace(
        result, knowledge_version="other", disagreements=(),
        reasons=tuple(r._replace(message_id="Wait.", sources=("D5",)) for r in result.reasons))
    assert result_digest(reworded) == result_digest(result)


# Stored client rows keep these digests: the formula must never change for a given answer.
PINNED = {
    "isotretinoin": (ISOTRETINOIN, "3bf276d5bb2cb45d930ee81e"),
    "contract example, ten reasons": (contract_example(), "8bee273c4257b921a457bfad"),
    "zonal reasons and a pen": (intake(setting="clinic", zones=["forehead", "cheeks", "neck"], goals=["acne_scars"],
                                       conditions=[condition("active_acne", zones=["cheeks"])],
                                       procedures=[procedure("botulinum_toxin", on=date(2026, 11, 25),
                                                             zones=["forehead"])],
                                       device=device("derma_pen", needle_mm=0.5)), "4f4b39847bb03a866ed6764b"),
}


def test_the_digests_of_stored_answers_stay_the_same() -> None:
    """Digests computed when the format was set: a faster digest must give the same ones."""
    assert {name: digest(data) for name, (data, _) in PINNED.items()} == {
        name: value for name, (_, value) in PINNED.items()}


def reference_digest(result: ScreeningResult) -> str:
    """The digest as first written, spelled out: the reasons' texts sorted, then verdict, start and zones."""
    def day(d: date | None) -> str:
        return "-" if d is None else str(d.toordinal())

    texts = sorted(f"{r.rule}:{r.factor}:{r.effect}:{day(r.until)}:{'-' if r.zones is None else ','.join(r.zones)}"
                   f":{r.zone_effect}" for r in result.reasons)
    texts += [result.verdict, day(result.earliest_start)]
    for zone_id in sorted(result.zones):
        needle = result.zones[zone_id].needle
        texts += [zone_id, "-" if needle is None else f"{needle.max_mm!r}/{needle.suggested_mm!r}"]
    return blake2b("|".join(texts).encode(), digest_size=12).hexdigest()


@EXAMPLES
@given(any_intakes())
def test_the_digest_follows_its_first_formula(data: dict[str, Any]) -> None:
    """Any intake, with the shipped base and a policy: the digest is the one first written."""
    for knowledge in (KB, NINE_MONTHS):
        result = screen(parsed(data), knowledge)
        assert result_digest(result) == reference_digest(result)


def test_an_unrelated_policy_change_keeps_the_digest() -> None:
    """A policy on botulinum toxin leaves a client who had none as they were."""
    toxin = apply_policy(KB, ClinicPolicy("c", "t", {"botulinum_toxin_gap": Period(3, "months")}))
    assert digest(ISOTRETINOIN) == digest(ISOTRETINOIN, toxin)


# -- rescreen ------------------------------------------------------------------------------


def clients(*datas: dict[str, Any], knowledge: Any = KB) -> list[tuple[int, Intake, str]]:
    """Clients numbered from 1, each stored with the digest of its answer under `knowledge`."""
    return [(n, parsed(d), digest(d, knowledge)) for n, d in enumerate(datas, start=1)]


def test_only_the_clients_whose_answer_changed_are_returned() -> None:
    """After the policy change, the isotretinoin client changed; the toxin client did not."""
    toxin = intake(procedures=[procedure("botulinum_toxin", on=date(2026, 11, 25))])
    outcome = rescreen(clients(ISOTRETINOIN, toxin), NINE_MONTHS)
    assert [c.client_id for c in outcome.changed] == [1]
    assert outcome.changed[0].summary.earliest_start == date(2027, 5, 1)
    assert outcome.changed[0].summary == summarise(screen(parsed(ISOTRETINOIN), NINE_MONTHS))


def test_nothing_changes_when_the_knowledge_is_the_same() -> None:
    """Screening again with the knowledge that made the stored answers changes nobody."""
    outcome = rescreen(clients(ISOTRETINOIN, intake(), intake(zones=["neck"])), KB)
    assert (outcome.checked, outcome.changed) == (3, ())


def test_clients_who_share_an_intake_share_one_screening() -> None:
    """Three clients, two identical intakes: two distinct screenings, and both copies change together."""
    outcome = rescreen(clients(ISOTRETINOIN, intake(), ISOTRETINOIN), NINE_MONTHS)
    assert (outcome.checked, outcome.distinct) == (3, 2)
    assert [c.client_id for c in outcome.changed] == [1, 3]


def test_a_client_never_screened_counts_as_changed() -> None:
    """An empty stored digest differs from any answer."""
    assert [c.client_id for c in rescreen([(9, parsed(intake()), "")], KB).changed] == [9]


def test_summaries_given_by_the_caller_are_used_as_they_are() -> None:
    """A summary computed elsewhere (by the process pool) is trusted, not screened again."""
    given_summary = Summary("stop", None, "given")
    outcome = rescreen([(1, parsed(intake()), "old")], KB, {parsed(intake()): given_summary})
    assert outcome.changed[0].summary is given_summary


# -- what the planner reads besides the screening --------------------------------------------


def test_a_policy_change_names_the_rules_whose_washout_changed() -> None:
    """Only isotretinoin's rule differs between the shipped base and the nine-month policy."""
    assert washout_changes(KB, NINE_MONTHS) == {"isotretinoin_washout"}
    assert washout_changes(KB, KB) == frozenset()


def test_the_planner_reads_the_pause_of_a_medicine_still_taken() -> None:
    """Fish oil still taken: its pause decides which preparation step names it; stopped, it does not."""
    longer = apply_policy(KB, ClinicPolicy("c", "f", {"fish_oil_pause": Period(14, "days")}))
    changed = washout_changes(KB, longer)
    taking = parsed(intake(medications=[medication("fish_oil")]))
    stopped = parsed(intake(medications=[medication("fish_oil", stopped=date(2026, 10, 1))]))
    assert planner_reads_washout(taking, longer, changed)
    assert not planner_reads_washout(stopped, longer, changed)
    assert not planner_reads_washout(taking, longer, frozenset())


@EXAMPLES
@given(any_intakes())
def test_with_the_same_digest_and_washouts_the_plan_is_the_same(data: dict[str, Any]) -> None:
    """Under a policy change, a plan can differ only if the digest or a wash-out the planner reads does."""
    policy = apply_policy(KB, ClinicPolicy("c", "p", {"isotretinoin_washout": Period(9, "months"),
                                                       "fish_oil_pause": Period(14, "days")},
                                           {("cheeks", "clinic"): 1.0, ("neck", "home"): 0.25}))
    parsed_intake = parsed(data)
    before, after = screen(parsed_intake, KB), screen(parsed_intake, policy)
    if result_digest(before) == result_digest(after) and not planner_reads_washout(
            parsed_intake, policy, washout_changes(KB, policy)):
        assert plan(before, parsed_intake, KB).events == plan(after, parsed_intake, policy).events


def test_a_device_too_long_for_a_lowered_limit_is_a_changed_answer() -> None:
    """A 0.5 mm roller on cheeks limited to 0.3 mm: a new reason, a new digest."""
    data = intake(zones=["cheeks"], device=device(needle_mm=0.5))
    thinner = apply_policy(KB, ClinicPolicy("c", "n", {}, {"cheeks": 0.3}))
    outcome = rescreen(clients(data), thinner)
    assert outcome.changed[0].summary.verdict == "caution"


def test_a_clinic_that_lengthens_a_pause_gets_it_in_the_plan_for_whoever_takes_the_medicine() -> None:
    """Fish oil paused 14 days by the clinic: the prep step starts 14 days before and names it; without it, 7."""
    longer = apply_policy(KB, ClinicPolicy("c", "f", {"fish_oil_pause": Period(14, "days")}))
    taking = parsed(intake(medications=[medication("fish_oil")]))
    other = parsed(intake(medications=[medication("garlic")]))

    def pause(data: Intake, kb: Any) -> Any:
        events = plan(screen(data, kb), data, kb).events
        first = next(e for e in events if e.kind == "session")
        step = next(e for e in events if e.key == f"prep-pause_blood_thinning_supplements-{first.key[-1]}")
        return (first.date - step.date).days, " ".join(line.text for line in step.details)

    assert pause(taking, KB)[0] == 7 and "fish oil" in pause(taking, KB)[1].lower()
    days, text = pause(taking, longer)
    assert days == 14 and "fish oil" in text.lower()
    assert pause(other, longer)[0] == 7  # garlic keeps the knowledge base's week
