"""`mesoplan plan` and `mesoplan protocols`, run as a person runs them: exit codes, stdout, stderr, files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml
from icalendar import Calendar

from factories import CONTRACT_EXAMPLE, condition, intake

MESOPLAN = Path(sys.executable).with_name("mesoplan")
NOT_A_DOCTOR = "mesoplan supports your decision; it does not replace a doctor."


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed script; never raises on a non-zero exit."""
    return subprocess.run([str(MESOPLAN), *args], input=stdin, capture_output=True, text=True, timeout=120,
                          check=False)


def test_plan_prints_a_timeline_verdict_first_and_the_not_a_doctor_line_last() -> None:
    """The readable plan: headline, dated timeline, red flags, then the not-a-doctor line."""
    done = run("plan", str(CONTRACT_EXAMPLE))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("SEE A DOCTOR FIRST")
    assert lines[-1].startswith(NOT_A_DOCTOR)
    assert "Timeline:" in lines
    assert any(line.startswith("  Mon 1 Feb 2027") for line in lines)
    assert any("Session 1 of 8 — Forehead 0.5 mm, Around the eyes 0.2 mm  [PENDING CLEARANCE]" in line
               for line in lines)


def test_plan_json_is_one_document_in_the_contract_shape() -> None:
    """--json prints exactly one JSON document: screening, protocol {id, sources}, sorted events, warnings."""
    done = run("plan", str(CONTRACT_EXAMPLE), "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert {"screening", "protocol", "events", "warnings"} <= set(data)
    assert data["protocol"]["id"] == "home_course" and "000-13" in data["protocol"]["sources"]
    assert data["screening"]["verdict"] == "consult"
    dates = [e["date"] for e in data["events"]]
    assert dates == sorted(dates)
    sessions = [e for e in data["events"] if e["kind"] == "session"]
    first = sessions[0]
    assert (first["date"], first["pending_clearance"], first["needle_mm"]) == ("2027-02-01", True, 0.5)


def test_plan_writes_the_calendar_and_the_handout(tmp_path: Path) -> None:
    """--ics and --pdf write their files; with --json, stdout is still one JSON document."""
    ics, pdf = tmp_path / "plan.ics", tmp_path / "plan.pdf"
    done = run("plan", str(CONTRACT_EXAMPLE), "--json", "--ics", str(ics), "--pdf", str(pdf))
    assert done.returncode == 0, done.stderr
    events = json.loads(done.stdout)["events"]
    sessions = [e for e in events if e["kind"] in ("session", "maintenance")]
    steps = [e for e in events if e["kind"] == "prep" and e["date"] not in {s["date"] for s in sessions}]
    assert len(Calendar.from_ical(ics.read_bytes()).walk("VEVENT")) == len(sessions) + len(steps)
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_plan_writes_the_full_calendar_when_asked(tmp_path: Path) -> None:
    """--full-calendar: every event of the plan on its own."""
    ics = tmp_path / "plan.ics"
    done = run("plan", str(CONTRACT_EXAMPLE), "--json", "--ics", str(ics), "--full-calendar")
    assert done.returncode == 0, done.stderr
    assert len(Calendar.from_ical(ics.read_bytes()).walk("VEVENT")) == len(json.loads(done.stdout)["events"])


def test_a_stop_writes_no_calendar_and_says_why(tmp_path: Path) -> None:
    """No empty calendar for a plan without sessions: an error naming the option, nothing written."""
    ics = tmp_path / "plan.ics"
    done = run("plan", "-", "--ics", str(ics), stdin=yaml.safe_dump(intake(conditions=[condition("pregnancy")])))
    assert done.returncode != 0 and not ics.exists()
    assert "error: --ics: no sessions are planned" in done.stderr


def test_plan_reads_the_intake_from_stdin_and_follows_the_protocol_asked_for() -> None:
    """`-` reads standard input; --protocol picks a protocol that fits."""
    data = intake(setting="clinic", start="2027-07-06", zones=["cheeks"], goals=["texture"])
    done = run("plan", "-", "--protocol", "quick_course", "--json", stdin=yaml.safe_dump(data))
    assert done.returncode == 0, done.stderr
    plan = json.loads(done.stdout)
    assert plan["protocol"]["id"] == "quick_course"
    assert [e["date"] for e in plan["events"] if e["kind"] == "session"] == ["2027-07-06", "2027-08-03",
                                                                            "2027-08-31"]


def test_an_unknown_protocol_exits_2_with_one_line_naming_protocol() -> None:
    """Bad input: nothing on stdout, one line on stderr naming the field and the closest id."""
    done = run("plan", str(CONTRACT_EXAMPLE), "--protocol", "home_cours", "--json")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "error: protocol: “home_cours” is not one of the protocols (did you mean: home_course?)"]


def test_a_protocol_that_does_not_fit_exits_2_with_the_reason() -> None:
    """A clinic protocol for a home intake is refused, not bent."""
    done = run("plan", str(CONTRACT_EXAMPLE), "--protocol", "clinic_course")
    assert done.returncode == 2 and done.stdout == ""
    [line] = done.stderr.splitlines()
    assert line.startswith("error: protocol: “clinic_course” does not fit these answers: it is for the clinic setting")


def test_an_unwritable_export_path_exits_2_naming_the_option(tmp_path: Path) -> None:
    """A file that cannot be written is bad input too, named by its option."""
    done = run("plan", str(CONTRACT_EXAMPLE), "--ics", str(tmp_path / "missing" / "plan.ics"))
    assert done.returncode == 2 and done.stdout == ""
    [line] = done.stderr.splitlines()
    assert line.startswith("error: --ics: cannot write")


def test_protocols_lists_id_setting_title_and_sources() -> None:
    """`mesoplan protocols` and its --json form (contract §4)."""
    text = run("protocols")
    assert text.returncode == 0
    assert text.stdout.splitlines()[0].split()[:2] == ["home_course", "home"]
    listed = json.loads(run("protocols", "--json").stdout)
    assert [p["id"] for p in listed][:3] == ["home_course", "clinic_course", "quick_course"]
    assert all({"id", "setting", "title", "sources"} <= set(p) for p in listed)
