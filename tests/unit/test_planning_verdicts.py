"""How the screening's verdicts and zone results shape a plan, and which protocols are refused."""

from __future__ import annotations

from datetime import date

import pytest

from factories import condition, intake, medication
from mesoplan.errors import IntakeError
from plan_factories import event, planned, session_dates, texts, warning_texts


def test_stop_plans_no_events_and_says_why() -> None:
    """Pregnancy stops everything: not even preparation is planned, and the first warning says so."""
    p = planned(intake(conditions=["pregnancy"]))
    assert p.screening.verdict == "stop"
    assert p.events == ()
    assert "No sessions are planned" in warning_texts(p)[0]


def test_consult_marks_every_session_and_maintenance_pending_clearance() -> None:
    """An anticoagulant on prescription needs the prescriber's clearance: every needling event is pending."""
    p = planned(intake(medications=[medication("anticoagulant", prescribed=True)]))
    assert p.screening.verdict == "consult"
    assert p.sessions and all(e.pending_clearance for e in p.sessions)
    assert {e.kind for e in p.sessions} == {"session", "maintenance"}
    assert "Pending clearance" in texts(event(p, "session-1"))[0]
    assert not [e for e in p.events if e.pending_clearance and e.kind not in ("session", "maintenance")]


def test_go_marks_nothing_pending() -> None:
    """Without a consult reason nothing waits for a doctor."""
    p = planned(intake())
    assert p.screening.verdict == "go"
    assert not any(e.pending_clearance for e in p.events)


def test_postpone_starts_the_course_on_earliest_start() -> None:
    """Isotretinoin stopped on 1 Aug 2026: six months later, 1 Feb 2027, is the first session."""
    p = planned(intake(medications=[medication("isotretinoin", stopped=date(2026, 8, 1))]))
    assert p.screening.earliest_start == date(2027, 2, 1)
    assert session_dates(p)[0] == date(2027, 2, 1)
    assert any("Not before 2027-02-01" in w for w in warning_texts(p))


def test_consult_still_waits_for_a_postponement() -> None:
    """With a consult verdict earliest_start is unknown, yet a wash-out still holds: no session before it."""
    p = planned(intake(medications=[medication("isotretinoin", stopped=date(2026, 8, 1)),
                                    medication("anticoagulant", prescribed=True)]))
    assert p.screening.verdict == "consult" and p.screening.earliest_start is None
    assert session_dates(p)[0] == date(2027, 2, 1)


def test_a_zone_needing_clearance_on_its_own_is_left_out() -> None:
    """Eczema on the cheeks only: the forehead is planned, the cheeks are left out with a warning."""
    p = planned(intake(conditions=[condition("eczema", zones=["cheeks"])]))
    assert p.screening.verdict == "caution"
    assert {z for e in p.sessions for z in e.zones} == {"forehead"}
    assert any(w.startswith("Cheeks is left out") and "Eczema" in w for w in warning_texts(p))
    cheeks = next(z for z in p.zones if z.zone == "cheeks")
    assert cheeks.available is None and cheeks.left_out is not None


def test_a_zone_stopped_on_its_own_is_left_out() -> None:
    """Skin cancer in the forehead: the cheeks go ahead, the forehead never appears in a session."""
    p = planned(intake(conditions=[condition("skin_cancer_in_area", zones=["forehead"])]))
    assert {z for e in p.sessions for z in e.zones} == {"cheeks"}
    assert any("Forehead is left out of every session" in w for w in warning_texts(p))


def test_a_zone_postponed_on_its_own_joins_when_its_wait_ends() -> None:
    """Sunburn on the forehead until 3 Dec: 14 days on, from 17 Dec, the forehead joins the weekly sessions."""
    p = planned(intake(conditions=[condition("sunburn", zones=["forehead"], until=date(2026, 12, 3))]))
    by_date = {e.date: e.zones for e in p.events if e.kind == "session"}
    assert by_date[date(2026, 12, 1)] == ("cheeks",)
    assert by_date[date(2026, 12, 15)] == ("cheeks",)
    assert by_date[date(2026, 12, 22)] == ("cheeks", "forehead")
    assert any("Forehead joins the sessions from 2026-12-17" in w for w in warning_texts(p))


def test_no_zones_means_no_plan_and_the_zones_field_is_named() -> None:
    """An intake that names no zone is refused before planning (contract §1), not planned empty."""
    with pytest.raises(IntakeError) as refused:
        planned(intake(zones=[]))
    assert refused.value.field == "zones"


@pytest.mark.parametrize(("data", "protocol", "expected"), [
    (intake(), "clinic_course", "for the clinic setting and this intake is for home"),
    (intake(), "scalp_after_transplant_home", "treats only Scalp, and the intake also names Cheeks, Forehead"),
    (intake(setting="clinic", zones=["scalp"], goals=["hair_loss"]), "scalp_after_transplant_clinic",
     "allows needles up to 1 mm, and the screening suggests 1.5 mm for Scalp"),
    (intake(setting="clinic", device={"kind": "dermaroller"}), "mesotherapy_clinic", "not a Dermaroller"),
])
def test_a_protocol_that_does_not_fit_is_refused_with_its_reason(data: dict[str, object], protocol: str,
                                                                 expected: str) -> None:
    """Setting, zones, needle length and device: each misfit is an IntakeError on `protocol`, never a quiet change."""
    with pytest.raises(IntakeError) as caught:
        planned(data, protocol)
    assert caught.value.field == "protocol"
    assert expected in caught.value.problem


def test_an_unknown_protocol_is_refused_with_the_closest_ids() -> None:
    """A misspelt id names the field and suggests the protocol meant."""
    with pytest.raises(IntakeError) as caught:
        planned(intake(), "home_cours")
    assert caught.value.field == "protocol"
    assert caught.value.suggestions == ("home_course",)


def test_a_preferred_protocol_that_does_not_fit_is_passed_over_with_a_warning() -> None:
    """A transplant plus hair loss asks 1.5 mm on the scalp: the general clinic course is planned, and said so."""
    p = planned(intake(setting="clinic", zones=["scalp"], goals=["post_hair_transplant", "hair_loss"]))
    assert p.protocol.id == "clinic_course"
    assert any("would suit this intake, but it allows needles up to 1 mm" in w for w in warning_texts(p))


def test_a_protocol_that_fits_is_followed_when_asked_for() -> None:
    """The quick course is never the default, but it is planned when asked for."""
    p = planned(intake(setting="clinic"), "quick_course")
    assert p.protocol.id == "quick_course"
    assert len(session_dates(p)) == 3
