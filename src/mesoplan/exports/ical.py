"""A plan as an iCalendar file (RFC 5545) that calendar programs import.

Every event is an all-day event (DATE values, no time zone to get wrong); windows
such as recovery span their days. Preparation steps and sessions carry a reminder
at 9:00 the day before. UIDs are stable and the person's own: the same person's
course for the same zones keeps its UIDs when it is planned again at other dates, so
a re-import updates the events instead of doubling them, while two people on the
same course never share one (a shared calendar would merge their events). The
person is told by a key the adapter passes (a keyed digest of the account, a random
id of the visitor, a digest of the intake), hashed again: nothing about them in clear.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Calendar, Event

from mesoplan.core.intake import Intake
from mesoplan.core.knowledge import Knowledge
from mesoplan.core.messages import NOT_A_DOCTOR
from mesoplan.core.plan_model import Plan, PlanEvent
from mesoplan.exports.timeline import PENDING, Translate, event_title
from mesoplan.i18n import _, render_message

PRODID = "-//mesoplan//mesoplan plan//EN"
REMINDED = frozenset({"prep", "session", "maintenance"})
# All-day events start at midnight local time: 15 hours before is 9:00 the day before.
REMINDER = timedelta(hours=-15)


def plan_to_ics(plan: Plan, knowledge: Knowledge, *, person: str = "", stamp: datetime | None = None,
                translate: Translate = _) -> bytes:
    """The plan's events as an iCalendar document.

    Args:
        plan: the plan to export.
        knowledge: the knowledge base the plan was made with (zone names).
        person: a stable key of the person the plan is for (`intake_person_key`, or the web's
            keyed digest of the account); it makes the UIDs theirs alone. Never personal data in
            clear: it is hashed into the UIDs.
        stamp: the DTSTAMP of every event (UTC); now if not given.
        translate: the gettext function of the reader's language.
    Returns:
        The calendar as UTF-8 bytes with CRLF line endings.
    """
    stamp = stamp or datetime.now(UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"mesoplan: {translate(plan.protocol.title)}")
    series = plan_series_id(plan, person)
    for event in plan.events:
        calendar.add_component(_event(event, plan, knowledge, series, stamp, translate))
    return bytes(calendar.to_ical())


def plan_series_id(plan: Plan, person: str = "") -> str:
    """A short id for one person's course: the person's key, protocol, setting and zones (not the dates)."""
    zones = ",".join(z.zone for z in plan.zones)
    key = f"{plan.protocol.id}|{plan.screening.setting}|{zones}|{person}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def intake_person_key(intake: Intake) -> str:
    """A key of the person an intake describes, for a plan made from an intake alone (the CLI): a digest
    of everything in it but the start date, so the same intake planned at other dates keeps its UIDs."""
    undated = replace(intake, start=date.min)
    return hashlib.sha256(repr(undated).encode()).hexdigest()


def _event(event: PlanEvent, plan: Plan, knowledge: Knowledge, series: str, stamp: datetime,
           translate: Translate) -> Event:
    title = event_title(event, knowledge, translate)
    if event.pending_clearance:
        title = f"[{translate(PENDING)}] {title}"
    lines = [render_message(d, translate) for d in event.details]
    lines += ["", f"{translate('Sources')}: {', '.join(event.sources)}", "", translate(NOT_A_DOCTOR)]
    vevent = Event()
    vevent.add("uid", f"{event.key}.{series}@mesoplan")
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", event.date)
    end = event.end if event.end is not None and event.end > event.date else event.date + timedelta(days=1)
    vevent.add("dtend", end)
    vevent.add("summary", title)
    vevent.add("description", "\n".join(lines))
    vevent.add("categories", [event.kind])
    vevent.add("transp", "TRANSPARENT")  # a reminder of a day, not a busy block
    if event.kind in REMINDED:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", title)
        alarm.add("trigger", REMINDER)
        vevent.add_component(alarm)
    return vevent
