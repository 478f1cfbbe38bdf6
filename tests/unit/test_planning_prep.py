"""Preparation dates right to the day (D2 retinol, E3 supplements, E4 patch test), pauses and `today`."""

from __future__ import annotations

from datetime import date

import pytest

from factories import intake, medication
from plan_factories import event, planned, prepared, texts, warning_texts


@pytest.mark.parametrize(("first", "retinol", "patch", "actives"), [
    # first session     retinol (−30 days)  patch test and supplements (−7)  actives pause (−5)
    (date(2028, 3, 1), date(2028, 1, 31), date(2028, 2, 23), date(2028, 2, 25)),  # leap year: Feb has 29 days
    (date(2027, 3, 1), date(2027, 1, 30), date(2027, 2, 22), date(2027, 2, 24)),  # Feb has 28 days
    (date(2027, 1, 3), date(2026, 12, 4), date(2026, 12, 27), date(2026, 12, 29)),  # across the year's end
    (date(2026, 12, 1), date(2026, 11, 1), date(2026, 11, 24), date(2026, 11, 26)),  # across a month's end
])
def test_prep_dates_count_back_from_the_first_session(first: date, retinol: date, patch: date,
                                                      actives: date) -> None:
    """D2: optional retinol course 30 days before, pause 5 days before; E3/E4: supplements and patch test 7 days."""
    p = planned(prepared(start=first))
    assert event(p, "prep-retinol_course").date == retinol
    assert event(p, "prep-retinol_course").end == actives  # the course stops where the pause starts
    assert event(p, "prep-patch_test").date == patch
    assert event(p, "prep-patch_test").end == first  # watched for the whole week
    assert event(p, "prep-pause_blood_thinning_supplements-1").date == patch
    assert event(p, "prep-pause_actives-1").date == actives


def test_prep_counts_back_from_earliest_start_not_from_the_wished_start() -> None:
    """Postponed to 1 Feb 2027: the patch test is on 25 Jan 2027, not a week before the wished 1 Dec."""
    p = planned(intake(medications=[medication("isotretinoin", stopped=date(2026, 8, 1))],
                       serums=["hyaluronic_acid"]))
    assert event(p, "prep-patch_test").date == date(2027, 1, 25)


def test_the_prescriber_decides_about_a_prescribed_blood_thinner() -> None:
    """E3: prescribed aspirin is never paused by mesoplan; fish oil taken on one's own is."""
    p = planned(intake(medications=[medication("aspirin", prescribed=True), medication("fish_oil")]))
    lines = texts(event(p, "prep-pause_blood_thinning_supplements-1"))
    assert "Prescribed to you: Aspirin: keep taking it; your prescriber decides." in lines
    assert "You named: Fish oil (omega-3): last dose or use today." in lines


def test_weekly_sessions_keep_one_pause_through_the_course() -> None:
    """Sessions a week apart leave no week to restart supplements: one pause, lifted 2 days after the last."""
    p = planned(prepared(start=date(2026, 12, 1)))
    pauses = [e for e in p.events if e.key.startswith("prep-pause_blood_thinning_supplements")]
    assert [e.date for e in pauses] == [date(2026, 11, 24), date(2027, 7, 19), date(2028, 1, 19)]
    assert "The pause lasts until 2027-01-28: you may take or use them again from that day." in texts(pauses[0])


def test_sessions_four_weeks_apart_pause_again_before_each() -> None:
    """28 days apart leave weeks of normal use: the actives pause starts again 5 days before every session."""
    p = planned(prepared(setting="clinic", start=date(2027, 1, 29), zones=["cheeks"], goals=["acne_scars"]))
    pauses = [e.date for e in p.events if e.key.startswith("prep-pause_actives")]
    assert pauses[:3] == [date(2027, 1, 24), date(2027, 2, 21), date(2027, 3, 21)]


def test_today_moves_the_course_so_that_required_prep_is_not_in_the_past() -> None:
    """Planned on 28 Nov for 1 Dec: the patch test needs a week, so the first session is 5 Dec; retinol is dropped."""
    p = planned(prepared(start=date(2026, 12, 1)), today=date(2026, 11, 28))
    assert p.first_session == date(2026, 12, 5)
    assert event(p, "prep-patch_test").date == date(2026, 11, 28)
    assert not [e for e in p.events if e.key == "prep-retinol_course"]
    assert any("too late for the optional step" in w for w in warning_texts(p))
    assert min(e.date for e in p.events) >= date(2026, 11, 28)


def test_today_far_enough_ahead_changes_nothing() -> None:
    """Planned a month and more ahead, the plan is the one without `today`."""
    assert planned(intake(), today=date(2026, 10, 1)) == planned(intake())


def test_a_clinic_plan_numbs_first_and_examines_once() -> None:
    """D6 and 002-05: numbing every session, the examination only at the first; a lidocaine allergy is flagged."""
    p = planned(intake(setting="clinic", allergies=["lidocaine"]))
    first, second = texts(event(p, "prep-ready-1")), texts(event(p, "prep-ready-2"))
    assert any(line.startswith("Examination and consent") for line in first)
    assert not any(line.startswith("Examination and consent") for line in second)
    assert any(line.startswith("Numbing cream 20 minutes before") for line in second)
    assert any("allergic to lidocaine" in line for line in first)


@pytest.mark.parametrize(("zones", "total"), [(["cheeks"], 50), (["cheeks", "forehead", "neck"], 70),
                                              (["cheeks", "forehead", "neck", "chin", "nose"], 80)])
def test_a_clinic_session_books_numbing_and_thirty_to_sixty_minutes(zones: list[str], total: int) -> None:
    """D6: 20 minutes of numbing plus 30 minutes for one zone, 10 more per zone, 60 at most."""
    p = planned(intake(setting="clinic", zones=zones))
    assert any(f"Book about {total} minutes" in line for line in texts(event(p, "session-1")))


def test_every_session_with_a_roller_gets_a_new_sterile_one() -> None:
    """E1: a roller is single-use, so each needling day has its device event."""
    p = planned(intake())
    devices = [e.date for e in p.events if e.kind == "device"]
    assert devices == [e.date for e in p.sessions]
    assert event(p, "device-1").title.text == "A new sterile Dermaroller (mesoscooter) for this session"


def test_a_roller_of_one_length_cannot_serve_zones_of_two() -> None:
    """0.25 mm on the forehead and 0.5 mm on the cheeks: the device event asks for one roller of each."""
    p = planned(intake())
    assert ("A Dermaroller (mesoscooter) has one needle length, so use one of each: "
            "0.25 mm for Forehead, 0.5 mm for Cheeks.") in texts(event(p, "device-1"))


def test_aftercare_dates_count_from_each_session() -> None:
    """Two days without exertion and ten days of sunscreen after the session of 8 Dec 2026."""
    lines = texts(event(planned(intake()), "aftercare-2"))
    assert "No sport, sauna or heavy exertion for two days (until 2026-12-10)" in lines
    assert "Sunscreen SPF 50 every time you go out (until 2026-12-18)" in lines
    assert "Keep water off for 10–15 hours" in lines


def test_recovery_lasts_until_the_next_session_and_check_ins_follow_the_reactions() -> None:
    """After the 4th session (22 Dec) the block's recovery runs to 5 Jan, with check-ins the day and week after."""
    p = planned(intake())
    assert event(p, "recovery-4").date == date(2026, 12, 23) and event(p, "recovery-4").end == date(2027, 1, 5)
    assert event(p, "check-1-4").date == date(2026, 12, 23)
    assert event(p, "check-7-4").date == date(2026, 12, 29)
    assert not [e for e in p.events if e.key == "check-7-1"]  # the next session comes first
    assert event(p, "check-21-8").date == date(2027, 2, 16)  # mycobacteria show after ~3 weeks (P21)
    week = " ".join(texts(event(p, "check-7-4")))
    assert "Redness or swelling past 7 days" in week and "Firm itchy lumps" in week


def test_the_plan_counts_the_sterile_rollers_it_needs_and_bounds_a_reused_one() -> None:
    """E1: 10 sessions at two lengths need 20 rollers; a reused one must go after 60 days (from 1 Dec: 30 Jan)."""
    warnings = warning_texts(planned(intake(start=date(2026, 12, 1))))
    assert ("A Dermaroller (mesoscooter) is single-use: this plan needs 20 new sterile ones, a new one for every "
            "session and needle length.") in warnings
    # 1 Dec + 60 days = 30 Jan 2027; the first session on or after it is the maintenance of 26 Jul 2027.
    assert any(w.endswith("a new one on 2027-07-26 at the latest.") for w in warnings)


def test_a_clinic_plan_counts_cartridges() -> None:
    """A pen's cartridge is single-use: one per session, 8 with maintenance."""
    warnings = warning_texts(planned(intake(setting="clinic")))
    assert any(w.startswith("Every session needs a new sterile cartridge or new needles: 8 in this plan.")
               for w in warnings)
