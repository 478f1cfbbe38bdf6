"""Each protocol's dates, checked by hand for a known intake (docs/planning.md has the same examples)."""

from __future__ import annotations

from datetime import date

from factories import contract_example, intake, procedure
from plan_factories import event, planned, session_dates, texts, warning_texts


def test_home_course_is_four_weekly_sessions_a_recovery_week_then_four_more() -> None:
    """000-13's four days in a row become four weeks in a row (E2): 1, 8, 15, 22 Dec, then 5 Jan onwards."""
    p = planned(intake(start=date(2026, 12, 1)))
    assert p.protocol.id == "home_course"
    assert session_dates(p) == [date(2026, 12, 1), date(2026, 12, 8), date(2026, 12, 15), date(2026, 12, 22),
                                date(2027, 1, 5), date(2027, 1, 12), date(2027, 1, 19), date(2027, 1, 26)]
    assert any("four days in a row" in w for w in warning_texts(p))


def test_home_course_maintenance_is_every_six_months_after_the_last_session() -> None:
    """D7: 26 Jan 2027 + 6 months = 26 Jul 2027, + 12 months = 26 Jan 2028; the result is judged at 3 months."""
    p = planned(intake(start=date(2026, 12, 1)))
    assert session_dates(p, "maintenance") == [date(2027, 7, 26), date(2028, 1, 26)]
    assert event(p, "check-review").date == date(2027, 4, 26)


def test_home_course_needles_follow_the_screening_per_zone() -> None:
    """At home: 0.25 mm on the forehead, 0.5 mm on the cheeks (zones.yaml), never more than 0.5 mm."""
    p = planned(intake(start=date(2026, 12, 1)))
    first = event(p, "session-1")
    assert dict(first.needle_mm) == {"cheeks": 0.5, "forehead": 0.25}
    assert first.longest_needle_mm == 0.5
    assert p.interval_days == 7


def test_clinic_course_is_six_sessions_two_weeks_apart_up_to_one_millimetre() -> None:
    """002-09 with a 0.5 mm forehead (fine lines): 29 Jan, 12 Feb, 26 Feb, 12 Mar, 26 Mar, 9 Apr 2027."""
    p = planned(intake(setting="clinic", start=date(2027, 1, 29), zones=["forehead"], goals=["fine_lines"]))
    assert p.protocol.id == "clinic_course"
    assert p.interval_days == 14
    assert session_dates(p) == [date(2027, 1, 29), date(2027, 2, 12), date(2027, 2, 26), date(2027, 3, 12),
                                date(2027, 3, 26), date(2027, 4, 9)]
    assert session_dates(p, "maintenance") == [date(2027, 10, 9), date(2028, 4, 9)]


def test_clinic_course_with_needles_over_one_millimetre_is_four_weeks_apart() -> None:
    """Acne scars on the cheeks call for 1.5 mm: the 28-day minimum wins over 002-09's two weeks (SR4, V8)."""
    p = planned(intake(setting="clinic", start=date(2027, 1, 29), zones=["cheeks"], goals=["acne_scars"]))
    assert dict(event(p, "session-1").needle_mm) == {"cheeks": 1.5}
    assert p.interval_days == 28
    assert session_dates(p) == [date(2027, 1, 29), date(2027, 2, 26), date(2027, 3, 26), date(2027, 4, 23),
                                date(2027, 5, 21), date(2027, 6, 18)]
    assert any("28 days apart, not 14" in w for w in warning_texts(p))


def test_quick_course_is_three_sessions_four_weeks_apart_and_counts_months_on_a_calendar() -> None:
    """002-27 on request: 6 Jul, 3 Aug, 31 Aug 2027; maintenance 31 Aug + 6 months is 29 Feb 2028 (leap year)."""
    p = planned(intake(setting="clinic", start=date(2027, 7, 6), zones=["cheeks"], goals=["texture"]),
                "quick_course")
    assert session_dates(p) == [date(2027, 7, 6), date(2027, 8, 3), date(2027, 8, 31)]
    assert session_dates(p, "maintenance") == [date(2028, 2, 29), date(2028, 8, 31)]
    assert event(p, "check-review").date == date(2027, 11, 30)  # 31 Aug + 3 months: November has 30 days


def test_scalp_after_a_transplant_at_home_is_twelve_weekly_sessions_pending_the_surgeon() -> None:
    """001: with a transplant on the scalp the surgeon must clear it, so every session is pending."""
    p = planned(intake(start=date(2027, 2, 1), zones=["scalp"], goals=["post_hair_transplant"],
                       procedures=[procedure("hair_transplant", on=date(2026, 10, 1), zones=["scalp"])]))
    assert p.protocol.id == "scalp_after_transplant_home"
    assert p.screening.verdict == "consult"
    dates = session_dates(p)
    assert len(dates) == 12 and dates[0] == date(2027, 2, 1) and dates[-1] == date(2027, 4, 19)
    assert all(e.pending_clearance for e in p.sessions)
    assert {mm for e in p.sessions for mm in e.needle_mm.values()} == {0.5}


def test_scalp_after_a_transplant_in_a_clinic_is_six_sessions_two_weeks_apart() -> None:
    """After a transplant the clinic scalp protocol keeps to 1 mm: 0.5 mm, every 14 days from 1 Feb 2027."""
    p = planned(intake(setting="clinic", start=date(2027, 2, 1), zones=["scalp"], goals=["post_hair_transplant"]))
    assert p.protocol.id == "scalp_after_transplant_clinic"
    assert session_dates(p) == [date(2027, 2, 1), date(2027, 2, 15), date(2027, 3, 1), date(2027, 3, 15),
                                date(2027, 3, 29), date(2027, 4, 12)]


def test_a_meso_gun_makes_mesotherapy_injections_the_default() -> None:
    """002: injections in a clinic, six sessions two weeks apart, with the injection steps of 002-06."""
    p = planned(intake(setting="clinic", start=date(2027, 3, 1), zones=["cheeks"], goals=["hydration"],
                       device={"kind": "meso_gun"}))
    assert p.protocol.id == "mesotherapy_clinic"
    assert session_dates(p)[:3] == [date(2027, 3, 1), date(2027, 3, 15), date(2027, 3, 29)]
    assert any("micro-injections" in d.text for d in event(p, "session-1").details)


def test_a_needle_free_device_plans_zones_without_needle_lengths() -> None:
    """Electroporation has no needles: sessions name their zones but no lengths, and no cartridge event."""
    p = planned(intake(setting="clinic", start=date(2027, 3, 1), zones=["cheeks"],
                       device={"kind": "electroporation"}))
    assert p.protocol.id == "mesotherapy_clinic"
    first = event(p, "session-1")
    assert first.zones == ("cheeks",) and dict(first.needle_mm) == {}
    assert not [e for e in p.events if e.kind == "device"]


def test_the_clinic_course_patch_tests_the_serum_a_week_before() -> None:
    """docs/planning.md: with a hyaluronic acid serum, the clinic course of 29 Jan 2027 patch tests on 22 Jan."""
    p = planned(intake(setting="clinic", start=date(2027, 1, 29), zones=["forehead"], goals=["fine_lines"],
                       serums=["hyaluronic_acid"]))
    assert event(p, "prep-patch_test").date == date(2027, 1, 22)


def test_the_contract_example_asks_the_prescriber_instead_of_pausing_aspirin() -> None:
    """docs/planning.md: patch test and the prescriber's step on 25 Jan 2027, no pause, no antiviral step."""
    p = planned(contract_example())
    assert event(p, "prep-patch_test").date == date(2027, 1, 25)
    ask = event(p, "prep-ask_prescriber-pause_blood_thinning_supplements")
    assert ask.date == date(2027, 1, 25)
    assert texts(ask) == ["Prescribed to you: Aspirin: keep taking it; your prescriber decides."]
    assert not [e for e in p.events if e.key.startswith("prep-pause") or e.key == "prep-ask_antivirals"]
    assert len(p.sessions) == 10 and all(e.pending_clearance for e in p.sessions)
