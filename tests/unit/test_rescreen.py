"""What a clinic's policy change reaches: the rules it changed, the plans it can change, and nothing else."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings

from factories import device, intake, medication
from mesoplan.core.dates import Period
from mesoplan.core.intake import Intake
from mesoplan.core.intake_parser import IntakeParser
from mesoplan.core.planning import plan
from mesoplan.core.policy import ClinicPolicy, apply_policy
from mesoplan.core.rescreen import planner_reads_washout, policy_diff, washout_changes
from mesoplan.core.screening import ScreeningResult, screen
from profiles import examples
from strategies import KB, any_intakes

EXAMPLES = settings(max_examples=examples(80), deadline=None, suppress_health_check=[HealthCheck.too_slow])
PARSER = IntakeParser(KB)
NINE_MONTHS = apply_policy(KB, ClinicPolicy("c", "9m", {"isotretinoin_washout": Period(9, "months")}))


def parsed(data: dict[str, Any]) -> Intake:
    return PARSER.parse(data)


def kept(result: ScreeningResult) -> tuple[Any, ...]:
    """What a client row keeps of an answer: verdict, earliest start and what its reasons digest covers."""
    return (result.verdict, result.earliest_start,
            sorted((r.rule, r.factor, r.effect, str(r.until), r.zones or ()) for r in result.reasons))


# -- what the planner reads besides the screening --------------------------------------------


def test_a_policy_change_names_the_rules_whose_washout_changed() -> None:
    """Only isotretinoin's rule differs between the shipped base and the nine-month policy."""
    assert washout_changes(KB, NINE_MONTHS) == {"isotretinoin_washout"}
    assert washout_changes(KB, KB) == frozenset()
    assert policy_diff(KB, NINE_MONTHS).factors == {"isotretinoin"}


def test_a_longer_isotretinoin_wait_reaches_only_who_took_it() -> None:
    """Nine months instead of six: a later earliest start for the isotretinoin client; the others are not reached."""
    taking = parsed(intake(medications=[medication("isotretinoin", stopped=date(2026, 8, 1))]))
    diff = policy_diff(KB, NINE_MONTHS)
    assert diff.touches(taking) and not diff.touches(parsed(intake(medications=[medication("fish_oil")])))
    assert screen(taking, NINE_MONTHS).earliest_start == date(2027, 5, 1)
    assert screen(taking, KB).earliest_start != date(2027, 5, 1)


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
def test_an_intake_the_policy_change_does_not_reach_keeps_its_answer_and_plan(data: dict[str, Any]) -> None:
    """What the re-screen relies on to skip a client: an intake that names none of the changed rules'
    factors nor a zone whose band changed keeps its answer and its plan."""
    policy = apply_policy(KB, ClinicPolicy("c", "p", {"isotretinoin_washout": Period(9, "months"),
                                                       "fish_oil_pause": Period(14, "days")},
                                           {("cheeks", "clinic"): 1.0, ("neck", "home"): 0.25}))
    parsed_intake = parsed(data)
    if policy_diff(KB, policy).touches(parsed_intake):
        return
    before, after = screen(parsed_intake, KB), screen(parsed_intake, policy)
    assert kept(before) == kept(after)
    assert plan(before, parsed_intake, KB).events == plan(after, parsed_intake, policy).events


@EXAMPLES
@given(any_intakes())
def test_with_the_same_answer_bands_and_washouts_the_plan_is_the_same(data: dict[str, Any]) -> None:
    """Under a policy change, a plan can differ only if the answer kept, a zone's band or a wash-out
    the planner reads does (the re-screen plans again exactly there)."""
    policy = apply_policy(KB, ClinicPolicy("c", "p", {"isotretinoin_washout": Period(9, "months"),
                                                       "fish_oil_pause": Period(14, "days")},
                                           {("cheeks", "clinic"): 1.0, ("neck", "home"): 0.25}))
    parsed_intake = parsed(data)
    before, after = screen(parsed_intake, KB), screen(parsed_intake, policy)
    diff = policy_diff(KB, policy)
    if kept(before) == kept(after) and not diff.touches_bands(parsed_intake) and not planner_reads_washout(
            parsed_intake, policy, diff.rules):
        assert plan(before, parsed_intake, KB).events == plan(after, parsed_intake, policy).events


def test_a_lower_needle_limit_is_a_change_the_policy_reaches() -> None:
    """Cheeks limited to 0.3 mm: a client treating the cheeks is reached, one treating the neck is not;
    a 0.5 mm roller on the cheeks is now a new reason."""
    thinner = apply_policy(KB, ClinicPolicy("c", "n", {}, {"cheeks": 0.3}))
    diff = policy_diff(KB, thinner)
    cheeks = parsed(intake(zones=["cheeks"], device=device(needle_mm=0.5)))
    assert diff.touches(cheeks) and not diff.touches(parsed(intake(zones=["neck"])))
    assert screen(cheeks, KB).verdict == "go" and screen(cheeks, thinner).verdict == "caution"


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
