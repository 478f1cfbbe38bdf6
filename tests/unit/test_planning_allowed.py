"""The planner uses only what the screening allows: serums, preparation steps, prescribed products,
and the dates its texts give (issue 9)."""

from __future__ import annotations

from datetime import date

from factories import condition, intake, medication
from mesoplan.core.dates import Period
from mesoplan.core.intake_parser import IntakeParser
from mesoplan.core.planning import plan
from mesoplan.core.policy import ClinicPolicy, apply_policy
from mesoplan.core.screening import screen
from plan_factories import KB, event, planned, texts, warning_texts

ISOTRETINOIN = medication("isotretinoin", stopped=date(2026, 8, 1))  # moves 1 Dec 2026 to 1 Feb 2027


def test_a_session_says_which_serum_is_left_out_and_why_as_a_message_with_its_params() -> None:
    """The left-out line is a message id with the serum and the screening's own reason as values."""
    p = planned(intake(allergies=["hyaluronic_acid"], serums=["hyaluronic_acid", "retinol"]))
    lines = [d for d in event(p, "session-1").details if d.id == "Left out: {serum}: {why}"]
    assert [line.params["serum"].id for line in lines] == ["Hyaluronic acid", "Retinol"]
    assert lines[0].params["why"].id == "you are allergic to it."
    assert lines[1].params["why"].id.startswith("Do not needle retinol in")


def test_with_no_serum_named_an_allergic_person_is_not_sent_to_hyaluronic_acid() -> None:
    """The general serum line names what to avoid instead of hyaluronic acid as the usual base."""
    p = planned(intake(allergies=["hyaluronic_acid"]))
    lines = texts(event(p, "session-1"))
    assert ("Serum: a sterile one meant for needled skin, without Hyaluronic acid: you are allergic to it."
            in lines)
    assert not any("hyaluronic acid is the usual base" in line for line in lines)


def test_the_screening_itself_keeps_the_intakes_start_and_the_plan_shows_its_own_dates() -> None:
    """`screen` gives the last dose before the wished start; the plan's copy, before its first session."""
    parsed = IntakeParser(KB).parse(intake(medications=[ISOTRETINOIN, medication("fish_oil")]))
    screening = screen(parsed, KB)
    p = plan(screening, parsed, KB)
    fish = next(r for r in screening.reasons if r.rule == "fish_oil_pause")
    shown = next(r for r in p.screening.reasons if r.rule == "fish_oil_pause")
    assert fish.params["last_dose"] == date(2026, 11, 24)
    assert shown.params["last_dose"] == date(2027, 1, 25) == event(p, "prep-pause_blood_thinning_supplements-1").date
    assert shown.message == ("Fish oil thins the blood a little. Pause it for 7 days before each session: last dose on "
                             "2027-01-25 at the latest.")
    assert (p.screening.verdict, p.screening.earliest_start) == (screening.verdict, screening.earliest_start)
    assert [(r.rule, r.until) for r in p.screening.reasons] == [(r.rule, r.until) for r in screening.reasons]


def test_when_today_moves_the_course_the_last_dose_moves_with_it() -> None:
    """Planned on 28 Nov for 1 Dec with fish oil: the pause needs a week, so the course and the last dose move."""
    p = planned(intake(medications=[medication("fish_oil")]), today=date(2026, 11, 28))
    assert p.first_session == date(2026, 12, 5)
    reason = next(r for r in p.screening.reasons if r.rule == "fish_oil_pause")
    assert reason.params["last_dose"] == date(2026, 11, 28) == event(p, "prep-pause_blood_thinning_supplements-1").date


def test_with_nothing_to_prepare_today_does_not_move_the_course() -> None:
    """No serum to test, nothing to pause: a course wished for in three days starts then."""
    p = planned(intake(start=date(2026, 12, 1)), today=date(2026, 11, 28))
    assert p.first_session == date(2026, 12, 1)
    assert not any("preparation needs" in w for w in warning_texts(p))


def test_a_prescribed_product_asks_the_prescriber_and_a_product_of_ones_own_is_paused() -> None:
    """Prescribed aspirin and one's own fish oil: one pause naming fish oil, the aspirin kept with the prescriber."""
    p = planned(intake(medications=[medication("aspirin", prescribed=True), medication("fish_oil")]))
    lines = texts(event(p, "prep-pause_blood_thinning_supplements-1"))
    assert "You named: Fish oil (omega-3): last dose or use today." in lines
    assert "Prescribed to you: Aspirin: keep taking it; your prescriber decides." in lines
    assert not [e for e in p.events if e.key.startswith("prep-ask_prescriber")]


def test_only_prescribed_products_plan_no_pause_but_a_question_for_the_prescriber() -> None:
    """Prescribed aspirin alone: no pause, a step a week before the course sends the person to the prescriber."""
    p = planned(intake(medications=[medication("aspirin", prescribed=True)]))
    assert not [e for e in p.events if e.key.startswith("prep-pause")]
    ask = event(p, "prep-ask_prescriber-pause_blood_thinning_supplements")
    assert ask.date == date(2026, 11, 24)
    assert texts(ask) == ["Prescribed to you: Aspirin: keep taking it; your prescriber decides."]


def test_a_clinics_longer_pause_never_lengthens_for_a_prescribed_product() -> None:
    """A policy of 14 days for fish oil reaches one's own fish oil, not a prescribed one (no pause at all)."""
    kb = apply_policy(KB, ClinicPolicy("clinic-1", "v1", {"fish_oil_pause": Period(14, "days")}, {}))
    parsed = IntakeParser(kb).parse(intake(setting="clinic", medications=[medication("fish_oil", prescribed=True)]))
    p = plan(screen(parsed, kb), parsed, kb, today=date(2026, 11, 25))
    assert p.first_session == date(2026, 12, 2)  # the question a week ahead, not the clinic's two weeks
    assert event(p, "prep-ask_prescriber-pause_blood_thinning_supplements").date == date(2026, 11, 25)


def test_the_antiviral_question_is_required_preparation() -> None:
    """Planned on 25 Nov for 1 Dec, perioral zone, past cold sores: the question needs 14 days, so 9 Dec."""
    p = planned(intake(zones=["perioral"], conditions=[condition("herpes_simplex_history")]),
                today=date(2026, 11, 25))
    assert p.first_session == date(2026, 12, 9)
    assert event(p, "prep-ask_antivirals").date == date(2026, 11, 25)


def test_the_antiviral_question_is_not_asked_for_a_mouth_zone_left_out() -> None:
    """Eczema around the mouth leaves that zone out: the cheeks alone are treated, and no question is planned."""
    p = planned(intake(zones=["cheeks", "perioral"], conditions=[condition("herpes_simplex_history"),
                                                                  condition("eczema", zones=["perioral"])]))
    assert [z.zone for z in p.zones if z.available is not None] == ["cheeks"]
    assert not [e for e in p.events if e.key == "prep-ask_antivirals"]


def test_a_person_allergic_to_retinol_gets_no_retinol_course() -> None:
    """The optional retinol course puts retinol on the skin: left out for an allergy to it, and the plan says so."""
    p = planned(intake(allergies=["retinol"]))
    assert not [e for e in p.events if e.key == "prep-retinol_course"]
    assert "“Optional: a retinol course to prepare the skin” is left out: you are allergic to Retinol." in (
        warning_texts(p))


def test_a_clinics_longer_pause_and_the_reasons_last_dose_name_the_same_day() -> None:
    """Fish oil paused 14 days by a clinic, course moved to 1 Feb 2027: last dose and pause both on 18 Jan 2027."""
    kb = apply_policy(KB, ClinicPolicy("clinic-1", "v1", {"fish_oil_pause": Period(14, "days")}, {}))
    parsed = IntakeParser(kb).parse(intake(setting="clinic", medications=[ISOTRETINOIN, medication("fish_oil")]))
    p = plan(screen(parsed, kb), parsed, kb)
    reason = next(r for r in p.screening.reasons if r.rule == "fish_oil_pause")
    assert reason.params["last_dose"] == date(2027, 1, 18)
    assert event(p, "prep-pause_blood_thinning_supplements-1").date == date(2027, 1, 18)
