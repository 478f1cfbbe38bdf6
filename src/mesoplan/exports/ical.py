"""A plan as an iCalendar file (RFC 5545) that calendar programs import.

Two levels of detail. By default (`daily`) a person gets what they act on: one event per
needling day, that day's preparation, device, session, aftercare and what follows until the
next one (the recovery window, the diary check-ins) in its description, and one event per
preparation step that needs action on a day of its own (pause a product, start a patch
test, ask a doctor). Each of these reminds at 9:00 the day before; nothing else does. The
`full` calendar has every event of the plan on its own, as before.

Every event is an all-day event (DATE values, no time zone to get wrong); windows
such as recovery span their days. UIDs are stable and the person's own: the same person's
course for the same zones keeps its UIDs when it is planned again at other dates, so
a re-import updates the events instead of doubling them, while two people on the
same course never share one (a shared calendar would merge their events). The
person is told by a key the adapter passes (a keyed digest of the account, a random
id of the visitor, a digest of the intake), hashed again: nothing about them in clear.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Final, Literal

from icalendar import Alarm, Calendar, Event

from mesoplan.core.intake import Intake
from mesoplan.core.knowledge import Knowledge
from mesoplan.core.messages import NOT_A_DOCTOR
from mesoplan.core.plan_model import Plan, PlanEvent
from mesoplan.exports.timeline import KIND_LABELS, PENDING, CalendarDay, Translate, daily, event_title
from mesoplan.i18n import _, long_date, render_message

PRODID = "-//mesoplan//mesoplan plan//EN"
Detail = Literal["daily", "full"]
DETAILS: Final[tuple[Detail, ...]] = ("daily", "full")
REMINDED = frozenset({"prep", "session", "maintenance"})
# All-day events start at midnight local time: 15 hours before is 9:00 the day before.
REMINDER = timedelta(hours=-15)


class NoSessionsError(ValueError):
    """A plan without a session (a `stop`, every zone left out) has nothing to put in a calendar."""


def plan_to_ics(plan: Plan, knowledge: Knowledge, *, person: str = "", stamp: datetime | None = None,
                translate: Translate = _, detail: Detail = "daily") -> bytes:
    """The plan's events as an iCalendar document.

    Args:
        plan: the plan to export; it must plan at least one session.
        knowledge: the knowledge base the plan was made with (zone names).
        person: a stable key of the person the plan is for (`intake_person_key`, or the web's
            keyed digest of the account); it makes the UIDs theirs alone. Never personal data in
            clear: it is hashed into the UIDs.
        stamp: the DTSTAMP of every event (UTC); now if not given.
        translate: the gettext function of the reader's language.
        detail: `daily` (one event per needling day and per preparation step of its own day) or
            `full` (every event of the plan).
    Returns:
        The calendar as UTF-8 bytes with CRLF line endings.
    Raises:
        NoSessionsError: the plan has no session, so no calendar is offered.
    """
    if not plan.sessions:
        raise NoSessionsError("no sessions are planned")
    stamp = stamp or datetime.now(UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"mesoplan: {translate(plan.protocol.title)}")
    series = plan_series_id(plan, person)
    write = _Writer(knowledge, series, stamp, translate)
    if detail == "full":
        for event in plan.events:
            calendar.add_component(write.single(event))
    else:
        order = {id(e): i for i, e in enumerate(plan.events)}
        for day in daily(plan):
            calendar.add_component(write.day(day, order))
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


@dataclass(frozen=True)
class _Writer:
    knowledge: Knowledge
    series: str
    stamp: datetime
    translate: Translate

    def title(self, event: PlanEvent) -> str:
        title = event_title(event, self.knowledge, self.translate, long_date)
        return f"[{self.translate(PENDING)}] {title}" if event.pending_clearance else title

    def lines(self, event: PlanEvent) -> list[str]:
        return [render_message(d, self.translate, date_text=long_date) for d in event.details]

    def single(self, event: PlanEvent) -> Event:
        t = self.translate
        lines = [*self.lines(event), "", f"{t('Sources')}: {', '.join(event.sources)}", "", t(NOT_A_DOCTOR)]
        return self._vevent(event, self.title(event), lines, remind=event.kind in REMINDED)

    def day(self, day: CalendarDay, order: dict[int, int]) -> Event:
        """A needling day (or a preparation step) with what it folds in, in the plan's order, each part
        under its heading; the main event's title is the event's summary, so its part has the heading only."""
        t = self.translate
        lines: list[str] = []
        for event in sorted([day.main, *day.folded], key=lambda e: order[id(e)]):
            if event is day.main:
                if day.folded:
                    lines.append(t(KIND_LABELS[event.kind]))
            else:
                dated = f"{long_date(event.date)}: " if event.date != day.main.date else ""
                lines.append(f"{t(KIND_LABELS[event.kind])} — {dated}{self.title(event)}")
            if event.kind != "recovery":  # its title already says until when
                lines.extend(f"• {line}" for line in self.lines(event))
            lines.append("")
        lines.append(t(NOT_A_DOCTOR))
        main = day.main
        return self._vevent(main, self.title(main), lines, remind=True)

    def _vevent(self, event: PlanEvent, title: str, lines: Sequence[str], *, remind: bool) -> Event:
        vevent = Event()
        vevent.add("uid", f"{event.key}.{self.series}@mesoplan")
        vevent.add("dtstamp", self.stamp)
        vevent.add("dtstart", event.date)
        end = event.end if event.end is not None and event.end > event.date else event.date + timedelta(days=1)
        vevent.add("dtend", end)
        vevent.add("summary", title)
        vevent.add("description", "\n".join(lines))
        vevent.add("categories", [event.kind])
        vevent.add("transp", "TRANSPARENT")  # a reminder of a day, not a busy block
        if remind:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", title)
            alarm.add("trigger", REMINDER)
            vevent.add_component(alarm)
        return vevent
