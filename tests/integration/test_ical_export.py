"""The calendar export: RFC 5545 read back with icalendar, and imported into khal, a real calendar program.

By default a person gets one event per needling day and one per preparation step of its own day;
the full calendar (every event of the plan) stays available."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from icalendar import Calendar

from factories import REPO, condition, intake, medication
from mesoplan.core.plan_model import Plan
from mesoplan.exports.ical import PRODID, Detail, NoSessionsError, plan_to_ics
from plan_factories import KB, planned

KHAL = Path(sys.executable).with_name("khal")
STAMP = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def exported(p: Plan, detail: Detail = "daily") -> Calendar:
    return Calendar.from_ical(plan_to_ics(p, KB, stamp=STAMP, detail=detail))


def bench_plan() -> Plan:
    """The bench's realistic intake (four zones, a serum, products to pause): 8 sessions and 2 maintenance."""
    data = yaml.safe_load((REPO / "bench" / "realistic-intake.yaml").read_text(encoding="utf-8"))
    return planned(data, today=date(2026, 11, 1))


def test_the_typical_plan_is_one_event_per_needling_day_and_per_preparation_step_of_its_own_day() -> None:
    """The bench's plan: 74 events in full, 16 in the calendar a person imports (10 needling days, 6 steps)."""
    p = bench_plan()
    assert (len(p.sessions), len(p.events)) == (10, 74)
    vevents = exported(p).walk("VEVENT")
    kinds = [str(v["CATEGORIES"].cats[0]) for v in vevents]
    assert (kinds.count("session"), kinds.count("maintenance"), kinds.count("prep"), len(vevents)) == (8, 2, 6, 16)
    assert [v.decoded("DTSTART") for v in vevents if str(v["CATEGORIES"].cats[0]) != "prep"] == \
        [s.date for s in p.sessions]
    steps = {str(v["SUMMARY"]) for v in vevents if str(v["CATEGORIES"].cats[0]) == "prep"}
    assert steps == {"Optional: a retinol course to prepare the skin", "Ask your doctor about antiviral tablets",
                     "Patch test the serum", "Pause retinol, vitamin C and acids"}
    assert all(len(v.walk("VALARM")) == 1 for v in vevents)


def test_a_needling_day_says_its_preparation_device_aftercare_and_what_follows() -> None:
    """The day's own steps in order, then the recovery window and check-ins up to the next session, dated."""
    first = exported(bench_plan()).walk("VEVENT")[4]
    assert str(first["SUMMARY"]).startswith("[pending clearance] Session 1 of 8 — Cheeks 0.5 mm")
    text = str(first["DESCRIPTION"])
    order = ["Prepare — Get ready for the session", "Device — A new sterile cartridge", "Session\n",
             "Aftercare — Aftercare", "Recovery — 16 January 2027: Recovery: no needling until 22 January 2027",
             "Check-in — 16 January 2027: Diary: the day after"]
    assert [text.index(part) for part in order] == sorted(text.index(part) for part in order)
    assert "• Sunscreen SPF 50 every time you go out (until 25 January 2027)" in text
    assert "2027-01" not in text  # dates as a person reads them


def test_the_full_calendar_has_every_event_of_the_plan() -> None:
    """`detail="full"`: one VEVENT per plan event, as the option on the page and in the CLI gives it."""
    p = bench_plan()
    assert len(exported(p, "full").walk("VEVENT")) == len(p.events) == 74


def test_a_plan_without_sessions_has_no_calendar() -> None:
    """A stop plans nothing: no empty calendar is written."""
    with pytest.raises(NoSessionsError):
        plan_to_ics(planned(intake(conditions=[condition("pregnancy")])), KB, stamp=STAMP)


def test_every_event_becomes_an_all_day_vevent_on_its_date() -> None:
    """DATE values, no times and no time zones: the day is the same wherever the calendar is opened."""
    p = planned(intake(start=date(2027, 2, 1)))
    cal = exported(p, "full")
    assert str(cal["PRODID"]) == PRODID and str(cal["VERSION"]) == "2.0"
    vevents = cal.walk("VEVENT")
    assert len(vevents) == len(p.events)
    for vevent, event in zip(vevents, p.events, strict=True):
        start = vevent.decoded("DTSTART")
        assert type(start) is date and start == event.date
        end = vevent.decoded("DTEND")
        assert type(end) is date and end == (event.end or event.date + timedelta(days=1))
        assert vevent.decoded("DTSTAMP") == STAMP


def test_prep_steps_and_sessions_remind_the_day_before() -> None:
    """A display alarm 15 hours before midnight: 9:00 the day before; none on aftercare or check-ins."""
    p = planned(intake(start=date(2027, 2, 1)))
    for vevent, event in zip(exported(p, "full").walk("VEVENT"), p.events, strict=True):
        alarms = vevent.walk("VALARM")
        if event.kind in ("prep", "session", "maintenance"):
            assert len(alarms) == 1
            assert alarms[0].decoded("TRIGGER") == timedelta(hours=-15)
            assert str(alarms[0]["ACTION"]) == "DISPLAY"
        else:
            assert alarms == []


@pytest.mark.parametrize("detail", ["daily", "full"])
def test_uids_are_unique_and_stable_when_the_course_moves(detail: Detail) -> None:
    """The same course for the same zones keeps its UIDs at other dates, so a re-import updates, not doubles."""
    def uids(**changes: object) -> list[str]:
        return [str(v["UID"]) for v in exported(planned(intake(**changes)), detail).walk("VEVENT")]

    first = uids(start=date(2027, 2, 1))
    assert len(set(first)) == len(first)
    assert first == uids(start=date(2027, 3, 1))
    assert not set(first) & set(uids(start=date(2027, 2, 1), zones=["neck"]))


def test_pending_sessions_say_so_in_their_summary() -> None:
    """A plan awaiting clearance shows it in the calendar itself, where the person looks."""
    p = planned(intake(start=date(2027, 2, 1), medications=[medication("anticoagulant", prescribed=True)]))
    summaries = [str(v["SUMMARY"]) for v in exported(p).walk("VEVENT") if "session" in str(v["CATEGORIES"].cats)]
    assert summaries and all(s.startswith("[pending clearance] ") for s in summaries)


def test_the_same_plan_and_stamp_give_the_same_bytes() -> None:
    """Deterministic output: the web app can cache it, and a diff shows real changes only."""
    p = planned(intake(start=date(2027, 2, 1)))
    assert plan_to_ics(p, KB, stamp=STAMP) == plan_to_ics(p, KB, stamp=STAMP)


@pytest.fixture
def khal_config(tmp_path: Path) -> Path:
    """A throw-away khal setup: one calendar folder, its own cache, ISO dates."""
    (tmp_path / "calendar").mkdir()
    config = tmp_path / "khal.conf"
    config.write_text(f"""
[calendars]
[[plan]]
path = {tmp_path / "calendar"}
type = calendar

[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = Europe/Paris
default_timezone = Europe/Paris

[default]
default_calendar = plan

[sqlite]
path = {tmp_path / "khal.db"}
""", encoding="utf-8")
    return config


def khal(config: Path, *args: str) -> str:
    run = subprocess.run([str(KHAL), "-c", str(config), *args], capture_output=True, text=True, timeout=60,
                         check=False)
    assert run.returncode == 0, run.stderr
    return run.stdout


@pytest.mark.parametrize("detail", ["daily", "full"])
def test_khal_imports_the_plan_and_lists_the_sessions_on_their_days(khal_config: Path, tmp_path: Path,
                                                                     detail: Detail) -> None:
    """Imported into khal (from PyPI), each session and prep step is listed on the day the plan says."""
    p = planned(intake(start=date(2027, 2, 1), serums=["hyaluronic_acid"]))
    ics = tmp_path / "plan.ics"
    ics.write_bytes(plan_to_ics(p, KB, stamp=STAMP, detail=detail))
    khal(khal_config, "import", "--batch", str(ics))
    imported = len(list((tmp_path / "calendar").glob("*.ics")))
    assert imported == (len(p.events) if detail == "full" else len(p.sessions) + 2)  # + retinol, patch test
    listed = khal(khal_config, "list", "--day-format", "", "--format", "{start-date}|{end-date}|{title}",
                  "2027-01-01", "2028-06-30")
    lines = set(listed.splitlines())
    for session in p.sessions:
        zones = ", ".join(f"{KB.zones[z].name} {session.needle_mm[z]:g} mm" for z in session.zones)
        title = f"{session.title.text} — {zones}"
        assert f"{session.date}|{session.date}|{title}" in lines
    assert "2027-01-25|2027-01-31|Patch test the serum" in lines  # a week-long window, end inclusive in khal
    if detail == "full":
        assert "2027-02-02|2027-02-07|Recovery: no needling until 8 February 2027" in lines
