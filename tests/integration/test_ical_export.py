"""The calendar export: RFC 5545 read back with icalendar, and imported into khal, a real calendar program."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from factories import intake, medication
from mesoplan.core.plan_model import Plan
from mesoplan.exports.ical import PRODID, plan_to_ics
from plan_factories import KB, planned

KHAL = Path(sys.executable).with_name("khal")
STAMP = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def exported(p: Plan) -> Calendar:
    return Calendar.from_ical(plan_to_ics(p, KB, stamp=STAMP))


def test_every_event_becomes_an_all_day_vevent_on_its_date() -> None:
    """DATE values, no times and no time zones: the day is the same wherever the calendar is opened."""
    p = planned(intake(start=date(2027, 2, 1)))
    cal = exported(p)
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
    for vevent, event in zip(exported(p).walk("VEVENT"), p.events, strict=True):
        alarms = vevent.walk("VALARM")
        if event.kind in ("prep", "session", "maintenance"):
            assert len(alarms) == 1
            assert alarms[0].decoded("TRIGGER") == timedelta(hours=-15)
            assert str(alarms[0]["ACTION"]) == "DISPLAY"
        else:
            assert alarms == []


def test_uids_are_unique_and_stable_when_the_course_moves() -> None:
    """The same course for the same zones keeps its UIDs at other dates, so a re-import updates, not doubles."""
    first = [str(v["UID"]) for v in exported(planned(intake(start=date(2027, 2, 1)))).walk("VEVENT")]
    moved = [str(v["UID"]) for v in exported(planned(intake(start=date(2027, 3, 1)))).walk("VEVENT")]
    assert len(set(first)) == len(first)
    assert first == moved
    other = [str(v["UID"]) for v in exported(planned(intake(start=date(2027, 2, 1), zones=["neck"]))).walk("VEVENT")]
    assert not set(first) & set(other)


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


def test_khal_imports_the_plan_and_lists_the_sessions_on_their_days(khal_config: Path, tmp_path: Path) -> None:
    """Imported into khal (from PyPI), each session and prep step is listed on the day the plan says."""
    p = planned(intake(start=date(2027, 2, 1), serums=["hyaluronic_acid"]))
    ics = tmp_path / "plan.ics"
    ics.write_bytes(plan_to_ics(p, KB, stamp=STAMP))
    khal(khal_config, "import", "--batch", str(ics))
    assert len(list((tmp_path / "calendar").glob("*.ics"))) == len(p.events)
    listed = khal(khal_config, "list", "--day-format", "", "--format", "{start-date}|{end-date}|{title}",
                  "2027-01-01", "2028-06-30")
    lines = set(listed.splitlines())
    for session in p.sessions:
        zones = ", ".join(f"{KB.zones[z].name} {session.needle_mm[z]:g} mm" for z in session.zones)
        title = f"{session.title.text} — {zones}"
        assert f"{session.date}|{session.date}|{title}" in lines
    assert "2027-01-25|2027-01-31|Patch test the serum" in lines  # a week-long window, end inclusive in khal
    assert "2027-02-02|2027-02-07|Recovery: no needling until 2027-02-08" in lines
