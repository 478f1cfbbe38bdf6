"""Reactions and red-flag levels (issue 13, decisions item 1): each red flag's urgency comes from the
knowledge base, the diary's alert and the plan's check-ins say it, and a doctor's look lifts the gate's
block only for the flags the knowledge base says it suffices for."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from test_tracking_builders import KB, alerts, reaction, session

from mesoplan.core.gate import OpenFlag, ProposedSession, ask
from mesoplan.core.intake_parser import IntakeParser
from mesoplan.core.knowledge import FLAG_LEVELS
from mesoplan.core.plan_events import check_texts
from mesoplan.core.plan_model import Message

START = date(2026, 12, 1)
INTAKE = IntakeParser(KB).parse({"setting": "clinic", "start": START.isoformat(), "zones": ["forehead"]})


def test_every_red_flag_has_a_level_and_every_level_is_used() -> None:
    flags = [s for s in KB.side_effects.values() if s.kind == "red_flag"]
    assert all(s.level in FLAG_LEVELS for s in flags)
    assert {s.level for s in flags} == set(FLAG_LEVELS)


@pytest.mark.parametrize(("symptom", "urgency", "opening"), [
    ("breathing_difficulty", "emergency", "Call emergency services now"),
    ("blue_lips_after_numbing", "emergency", "Call emergency services now"),
    ("lip_eyelid_swelling", "doctor_today", "See a doctor today"),
    ("hives", "doctor_today", "See a doctor today"),
    ("allergic_reaction", "doctor_today", "See a doctor today"),
    ("granulomas", "doctor_soon", "See a doctor in the coming days"),
])
def test_a_red_flag_alert_says_how_urgent_it_is(symptom: str, urgency: str, opening: str) -> None:
    [alert] = alerts("red_flag", [session(0)], reactions=[reaction(1, symptom, 2)], today=1)
    assert alert.params["urgency"] == urgency
    assert alert.message.startswith(opening)
    assert KB.side_effects[symptom].advice in alert.message


def test_an_expected_reaction_rated_severe_is_a_same_day_red_flag() -> None:
    [alert] = alerts("red_flag", [session(0)], reactions=[reaction(1, "swelling", 5)], today=1)
    assert alert.params["urgency"] == "doctor_today"
    assert alert.message.startswith("See a doctor today")


def test_the_day_after_check_in_lists_the_emergencies_apart_from_the_same_day_flags() -> None:
    _title, lines, _sources = check_texts(KB)[1]
    texts = [line.id for line in lines]
    emergency = lines[texts.index("Call emergency services now if you notice: {names}.")]
    today = lines[texts.index("See a doctor today if you notice: {names}.")]
    names = {m.id for m in emergency.params["names"] if isinstance(m, Message)}
    assert KB.side_effects["breathing_difficulty"].name in names
    assert KB.side_effects["hives"].name not in names
    assert KB.side_effects["hives"].name in {m.id for m in today.params["names"] if isinstance(m, Message)}


def test_the_three_weeks_check_in_asks_about_delayed_lumps() -> None:
    _title, lines, _sources = check_texts(KB)[21]
    soon = [line for line in lines if line.id == "See a doctor in the coming days if you notice: {names}."]
    assert KB.side_effects["granulomas"].name in {m.id for m in soon[0].params["names"] if isinstance(m, Message)}


def _gate(flag: OpenFlag) -> tuple[str, ...]:
    answer = ask(INTAKE, ProposedSession("sign", START, ("forehead",)), KB, (flag,))
    return tuple(f.need for f in answer.findings if f.kind == "red_flag")


def test_a_doctors_look_lifts_the_block_where_the_knowledge_base_says_it_suffices() -> None:
    assert KB.side_effects["dizziness"].seen_lifts_block
    flagged = START - timedelta(days=3)
    assert _gate(OpenFlag("dizziness", flagged, "Dizziness")) == ("block",)
    assert _gate(OpenFlag("dizziness", flagged, "Dizziness", seen_on=START - timedelta(days=1))) == ("acknowledge",)


@pytest.mark.parametrize("symptom", ["breathing_difficulty", "hives", "infection_signs", "granulomas"])
def test_a_doctors_look_alone_never_lifts_an_allergy_infection_or_lump(symptom: str) -> None:
    assert not KB.side_effects[symptom].seen_lifts_block
    flag = OpenFlag(symptom, START - timedelta(days=3), symptom, seen_on=START - timedelta(days=1))
    assert _gate(flag) == ("block",)
