"""A pen's depth per zone (issue 13): set zone by zone in one clinic session, shown per zone in the plan,
the calendar and the handout, never above the zone's maximum."""

from __future__ import annotations

from datetime import UTC, datetime

from icalendar import Calendar

from factories import intake, reason, screened
from mesoplan.exports.ical import plan_to_ics
from mesoplan.exports.pdf import plan_html
from plan_factories import KB, planned

PEN_ON_NOSE_AND_CHEEKS = intake(setting="clinic", zones=["nose", "cheeks"], goals=["acne_scars"],
                                device={"kind": "professional_pen", "needle_mm": 1.5})


def test_a_clinic_pen_over_the_noses_maximum_leaves_a_healthy_client_at_go() -> None:
    result = screened(PEN_ON_NOSE_AND_CHEEKS)
    assert result.verdict == "go"
    assert reason(result, "needle_set_per_zone").effect == "go"
    assert result.zones["nose"].verdict == "go" and result.zones["nose"].needle.max_mm == 0.75


def test_a_roller_of_one_length_over_the_nose_is_still_used_with_care() -> None:
    result = screened({**PEN_ON_NOSE_AND_CHEEKS, "device": {"kind": "dermaroller", "needle_mm": 1.5}})
    assert result.verdict == "caution"
    assert reason(result, "needle_too_long_for_zone").zones == ("nose",)


def test_a_pen_at_home_is_still_used_with_care_where_it_is_too_long() -> None:
    result = screened(intake(zones=["periorbital", "cheeks"], device={"kind": "derma_pen", "needle_mm": 0.5}))
    assert reason(result, "needle_too_long_for_zone").effect == "caution"


def test_each_session_sets_the_pen_per_zone_never_above_the_zones_maximum() -> None:
    p = planned(PEN_ON_NOSE_AND_CHEEKS)
    sessions = [e for e in p.events if e.kind == "session"]
    assert sessions and all(dict(e.needle_mm) == {"cheeks": 1.5, "nose": 0.75} for e in sessions)
    assert {z.zone: (z.needle_mm, z.max_mm) for z in p.zones} == {"cheeks": (1.5, 1.5), "nose": (0.75, 0.75)}


def test_the_calendar_names_each_zones_depth_in_the_session() -> None:
    ics = Calendar.from_ical(plan_to_ics(planned(PEN_ON_NOSE_AND_CHEEKS), KB,
                                         stamp=datetime(2026, 11, 1, tzinfo=UTC)))
    first = next(str(v["SUMMARY"]) for v in ics.walk("VEVENT") if "session" in str(v["CATEGORIES"].cats))
    assert "Cheeks 1.5 mm" in first and "Nose 0.75 mm" in first


def test_the_handout_names_each_zones_depth_and_maximum() -> None:
    html = plan_html(planned(PEN_ON_NOSE_AND_CHEEKS), KB)
    assert "Cheeks 1.5 mm" in html and "Nose 0.75 mm" in html
    zones = html[html.index("Zones and needle lengths"):]
    assert "0.75 mm" in zones[zones.index("Nose"):zones.index("Nose") + 200]
