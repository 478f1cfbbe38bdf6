"""`mesoplan plan` builds the plan only from what the screening allows (issue 9), as a person reads it:
the JSON, the calendar (.ics) and the handout (.pdf) of the same run."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from icalendar import Calendar

from factories import condition, intake, medication

MESOPLAN = Path(sys.executable).with_name("mesoplan")


@dataclass
class Exported:
    """One `mesoplan plan --json --ics --pdf` run: the JSON document, the calendar's events, the handout's text."""

    data: dict[str, Any]
    calendar: list[dict[str, str]]
    pdf: str

    def event(self, key: str) -> dict[str, Any]:
        found = [e for e in self.data["events"] if e["key"] == key]
        assert len(found) == 1, f"no single event {key!r} among {[e['key'] for e in self.data['events']]}"
        return found[0]

    def event_keys(self) -> list[str]:
        return [e["key"] for e in self.data["events"]]

    def everything(self) -> str:
        """Every text the person can read in the three exports."""
        return "\n".join([json.dumps(self.data, ensure_ascii=False),
                          *(v["summary"] + "\n" + v["description"] for v in self.calendar), self.pdf])


def plan_of(data: dict[str, Any], tmp_path: Path) -> Exported:
    source, ics, pdf = tmp_path / "intake.yaml", tmp_path / "plan.ics", tmp_path / "plan.pdf"
    source.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    done = subprocess.run([str(MESOPLAN), "plan", str(source), "--json", "--ics", str(ics), "--pdf", str(pdf)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    vevents = [{"summary": str(v["SUMMARY"]), "description": str(v.get("DESCRIPTION", "")),
                "start": v.decoded("DTSTART").isoformat()}
               for v in Calendar.from_ical(ics.read_bytes()).walk("VEVENT")]
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, timeout=60,
                          check=True).stdout
    return Exported(json.loads(done.stdout), vevents, re.sub(r"\s+", " ", text))


def sessions(plan: Exported) -> list[dict[str, Any]]:
    return [e for e in plan.data["events"] if e["kind"] in ("session", "maintenance")]


def test_serums_the_person_is_allergic_to_are_in_no_session_calendar_event_or_handout(tmp_path: Path) -> None:
    """Allergic to hyaluronic acid, serums hyaluronic acid + vitamin C: both are left out everywhere, with why."""
    plan = plan_of(intake(allergies=["hyaluronic_acid"], serums=["hyaluronic_acid", "vitamin_c"]), tmp_path)
    everything = plan.everything()
    assert "Serum: Hyaluronic acid" not in everything and "Vitamin C serum." not in everything
    for session in sessions(plan):
        assert "Left out: Hyaluronic acid: you are allergic to it." in session["details"]
        assert "Left out: Vitamin C serum: Do not needle a vitamin C serum in" in session["details"]
    sessions_in_calendar = [v for v in plan.calendar if v["summary"].startswith(("Session", "Maintenance"))]
    assert len(sessions_in_calendar) == len(sessions(plan)) == 10
    assert all("Left out: Hyaluronic acid" in v["description"] for v in sessions_in_calendar)
    assert "Left out: Hyaluronic acid: you are allergic to it." in plan.pdf


def test_the_vitamin_c_reason_never_offers_a_serum_the_person_is_allergic_to(tmp_path: Path) -> None:
    """The vitamin C reason of a person allergic to hyaluronic acid sends them to a serum free of their allergen."""
    plan = plan_of(intake(allergies=["hyaluronic_acid"], serums=["vitamin_c"]), tmp_path)
    reason = next(r for r in plan.data["screening"]["reasons"] if r["rule"] == "vitamin_c_serum_granulomas")
    assert "hyaluronic acid serum" not in reason["message"]
    assert "free of what you are allergic to" in reason["message"]
    assert "Use a sterile hyaluronic acid serum" not in plan.everything()


def test_without_the_allergy_the_vitamin_c_reason_still_offers_hyaluronic_acid(tmp_path: Path) -> None:
    """The alternative stays for everyone who can use it, and the session applies it."""
    plan = plan_of(intake(serums=["hyaluronic_acid", "vitamin_c"]), tmp_path)
    reason = next(r for r in plan.data["screening"]["reasons"] if r["rule"] == "vitamin_c_serum_granulomas")
    assert "Use a sterile hyaluronic acid serum during needling" in reason["message"]
    assert "Serum: Hyaluronic acid." in plan.event("session-1")["details"]
    assert "Serum to test: Hyaluronic acid." in plan.event("prep-patch_test")["details"]


@pytest.mark.parametrize(("setting", "serum", "name", "rule"), [
    ("home", "aha_bha", "AHA / BHA acids", "Do not needle acids in"),
    ("clinic", "aha_bha", "AHA / BHA acids", "Do not needle acids in"),
    ("home", "retinol", "Retinol", "Do not needle retinol in"),
    ("home", "prp", "Platelet-rich plasma (PRP)", "PRP needs a blood draw"),
    ("home", "hormones", "Hormones", "Hormone-containing cocktails belong in a clinic"),
])
def test_a_serum_the_screening_rules_out_is_left_out_with_its_reason(tmp_path: Path, setting: str, serum: str,
                                                                     name: str, rule: str) -> None:
    """Acids, retinol, PRP at home, hormone cocktails at home: never applied, never patch tested."""
    plan = plan_of(intake(setting=setting, serums=["hyaluronic_acid", serum]), tmp_path)
    for session in sessions(plan):
        assert "Serum: Hyaluronic acid." in session["details"]
        assert f"Left out: {name}: {rule}" in session["details"]
    assert plan.event("prep-patch_test")["details"].endswith("Serum to test: Hyaluronic acid.")
    assert f"Serum to test: Hyaluronic acid, {name}" not in plan.everything()


def test_prp_in_a_clinic_stays_in_the_sessions(tmp_path: Path) -> None:
    """A licensed clinic may use PRP: the screening's caution does not take it out of a clinic plan."""
    plan = plan_of(intake(setting="clinic", serums=["prp"]), tmp_path)
    assert "Serum: Platelet-rich plasma (PRP)." in plan.event("session-1")["details"]


def test_no_patch_test_when_every_serum_named_is_left_out(tmp_path: Path) -> None:
    """Nothing is used, so nothing is tested: no patch test, and the session says none can be used."""
    plan = plan_of(intake(allergies=["hyaluronic_acid"], serums=["hyaluronic_acid"]), tmp_path)
    assert "prep-patch_test" not in plan.event_keys()
    assert "Patch test" not in plan.everything()
    assert "Serum: none of the serums you named can be used (see below)." in plan.event("session-1")["details"]


def test_no_patch_test_and_no_pauses_for_a_person_with_no_serum_and_no_products(tmp_path: Path) -> None:
    """The base intake names no serum, supplement or active: no patch test and no pause is planned."""
    plan = plan_of(intake(), tmp_path)
    assert not [k for k in plan.event_keys() if k.startswith(("prep-patch_test", "prep-pause"))]
    assert not [v for v in plan.calendar if v["summary"].startswith(("Patch test", "Pause"))]
    assert "Pause blood-thinning supplements" not in plan.pdf


def test_only_the_pause_for_a_product_taken_is_planned(tmp_path: Path) -> None:
    """Fish oil taken, no creams: the supplement pause a week before, no actives pause."""
    plan = plan_of(intake(medications=[medication("fish_oil")]), tmp_path)
    pause = plan.event("prep-pause_blood_thinning_supplements-1")
    assert pause["date"] == "2026-11-24"
    assert "You named: Fish oil (omega-3): last dose or use today." in pause["details"]
    assert not [k for k in plan.event_keys() if k.startswith("prep-pause_actives")]


def test_a_moved_start_moves_the_last_dose_the_reason_gives(tmp_path: Path) -> None:
    """Isotretinoin moves the course to 1 Feb 2027: fish oil's last dose is 25 Jan 2027, as the plan pauses it."""
    plan = plan_of(intake(medications=[medication("isotretinoin", stopped=date(2026, 8, 1)),
                                       medication("fish_oil")]), tmp_path)
    assert plan.data["first_session"] == "2027-02-01"
    reason = next(r for r in plan.data["screening"]["reasons"] if r["rule"] == "fish_oil_pause")
    assert "last dose on 2027-01-25 at the latest" in reason["message"]
    assert plan.event("prep-pause_blood_thinning_supplements-1")["date"] == "2027-01-25"
    assert "2026-11-24" not in plan.everything()
    assert "last dose on 25 January 2027 at the latest" in plan.pdf


@pytest.mark.parametrize(("product", "name"), [("vitamin_e", "Vitamin E supplements"), ("ginkgo", "Ginkgo"),
                                               ("garlic", "Garlic supplements"), ("fish_oil", "Fish oil (omega-3)")])
def test_a_prescribed_supplement_is_never_told_to_pause(tmp_path: Path, product: str, name: str) -> None:
    """E3: prescribed, the supplement goes to the prescriber in the screening and in the plan alike; no pause."""
    plan = plan_of(intake(medications=[medication(product, prescribed=True)]), tmp_path)
    screening = plan.data["screening"]
    assert screening["verdict"] == "consult"
    reason = next(r for r in screening["reasons"] if r["rule"] == f"{product}_pause")
    assert "do not stop it" in reason["message"] and "prescriber" in reason["message"]
    assert "Pause" not in reason["message"]
    assert not [k for k in plan.event_keys() if k.startswith("prep-pause")]
    ask = plan.event("prep-ask_prescriber-pause_blood_thinning_supplements")
    assert ask["title"] == "Ask your prescriber before the course"
    assert f"Prescribed to you: {name}: keep taking it; your prescriber decides." in ask["details"]
    assert "last dose" not in plan.everything().lower()
    assert all(s["pending_clearance"] for s in sessions(plan))


def test_mesoplan_screen_agrees_with_the_plan_about_a_prescribed_supplement(tmp_path: Path) -> None:
    """`mesoplan screen` gives the same prescriber reason as the plan, never "Pause it"."""
    source = tmp_path / "intake.yaml"
    source.write_text(yaml.safe_dump(intake(medications=[medication("vitamin_e", prescribed=True)])),
                      encoding="utf-8")
    done = subprocess.run([str(MESOPLAN), "screen", str(source), "--json"], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    reason = next(r for r in json.loads(done.stdout)["reasons"] if r["rule"] == "vitamin_e_pause")
    assert reason["effect"] == "consult"
    assert reason["message"].startswith("Your vitamin E is prescribed: do not stop it for this.")


def test_a_consult_plan_is_pending_in_every_session_and_calendar_event(tmp_path: Path) -> None:
    """Every course and maintenance session of a consult plan is pending clearance, in the JSON and the calendar."""
    plan = plan_of(intake(medications=[medication("anticoagulant", prescribed=True)]), tmp_path)
    assert len(sessions(plan)) == 10 and all(s["pending_clearance"] for s in sessions(plan))
    in_calendar = [v for v in plan.calendar if "Session" in v["summary"] or "Maintenance" in v["summary"]]
    assert len(in_calendar) == 10 and all(v["summary"].startswith("[pending clearance]") for v in in_calendar)


@pytest.mark.parametrize("zone", ["perioral", "lips"])
def test_past_cold_sores_and_the_mouth_area_get_a_dated_antiviral_question(tmp_path: Path, zone: str) -> None:
    """HSV history with a perioral zone: ask the doctor about antivirals two weeks before the first session."""
    plan = plan_of(intake(zones=["cheeks", zone], conditions=[condition("herpes_simplex_history")]), tmp_path)
    ask = plan.event("prep-ask_antivirals")
    assert ask["date"] == "2026-11-17"  # 14 days before 1 Dec 2026
    assert ask["title"] == "Ask your doctor about antiviral tablets"
    assert {"V8", "G5"} <= set(ask["sources"])
    assert any(v["summary"] == "Ask your doctor about antiviral tablets" and v["start"] == "2026-11-17"
               for v in plan.calendar)
    assert "Ask your doctor about antiviral tablets" in plan.pdf


def test_the_antiviral_question_moves_with_the_first_session(tmp_path: Path) -> None:
    """Postponed to 1 Feb 2027 by isotretinoin: the question is due on 18 Jan 2027."""
    plan = plan_of(intake(zones=["perioral"], conditions=[condition("herpes_simplex_history")],
                          medications=[medication("isotretinoin", stopped=date(2026, 8, 1))]), tmp_path)
    assert plan.event("prep-ask_antivirals")["date"] == "2027-01-18"


def test_no_antiviral_question_away_from_the_mouth_or_without_cold_sores(tmp_path: Path) -> None:
    """The forehead and cheeks of a person with past cold sores, or the mouth of one without: no such step."""
    away = plan_of(intake(conditions=[condition("herpes_simplex_history")]), tmp_path)
    assert "prep-ask_antivirals" not in away.event_keys()
    without = plan_of(intake(zones=["perioral"]), tmp_path)
    assert "prep-ask_antivirals" not in without.event_keys()


def test_a_prescribed_supplement_with_a_planned_end_keeps_its_wait_but_is_never_told_to_pause(tmp_path: Path) -> None:
    """Prescribed fish oil the prescriber ends on 10 Dec: start 17 Dec, and the reason sends to the prescriber."""
    plan = plan_of(intake(medications=[{"id": "fish_oil", "prescribed": True, "until": "2026-12-10"}]), tmp_path)
    reason = next(r for r in plan.data["screening"]["reasons"] if r["rule"] == "fish_oil_pause")
    assert reason["effect"] == "postpone" and reason["until"] == "2026-12-17"
    assert reason["message"] == "Your omega-3 is prescribed: do not stop it for this; ask your prescriber."
    assert plan.data["first_session"] == "2026-12-17"
    assert not [k for k in plan.event_keys() if k.startswith("prep-pause")]
    assert "Pause it" not in plan.everything()
