"""Planning: a screening + its intake + a protocol → dated events a person can follow.

Pure: every date comes from the intake's `start`, the screening's dates and, when
an adapter passes it, `today`. How a plan is built is explained with worked
examples in docs/planning.md.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from mesoplan.core.dates import add_months
from mesoplan.core.i18n import N_
from mesoplan.core.intake import Intake
from mesoplan.core.knowledge import CareItem, Knowledge, Protocol
from mesoplan.core.plan_events import EventWriter, Needling, pause_days
from mesoplan.core.plan_model import DAY_ORDER, Message, Plan, ZonePlan
from mesoplan.core.plan_scope import dated_from, left_out_steps, prep_items, serum_choice
from mesoplan.core.protocol_choice import choose_protocol
from mesoplan.core.screening import ScreeningResult
from mesoplan.core.verdicts import strictest


def plan(screening: ScreeningResult, intake: Intake, knowledge: Knowledge, protocol_id: str | None = None,
         *, today: date | None = None) -> Plan:
    """Plan the course (and maintenance) that the screening allows.

    Args:
        screening: the screening of `intake`.
        intake: the parsed intake; its `start` is the first session wanted.
        knowledge: the loaded knowledge base.
        protocol_id: a protocol the person chose; None lets the planner choose.
        today: when known, no preparation is planned in the past: the course moves
            later if the required preparation would have to start before today.
    Returns:
        A `Plan`: no sessions for `stop`; sessions marked `pending_clearance` for
        `consult`; never a session before `earliest_start` nor closer together than
        the knowledge base's minimum interval for the needle. Only what the screening
        allows (plan_scope): no serum it rules out, a preparation step only where it
        concerns this person; the plan's `screening` is the one given, with each "last
        dose on …" counted from the plan's first session.
    Raises:
        IntakeError: `protocol_id` is unknown or does not fit the intake.
    """
    protocol, choice_warnings = choose_protocol(screening, intake, knowledge, protocol_id)
    warnings = [*_verdict_warnings(screening), *choice_warnings]
    zones = plan_zones(screening, intake, knowledge)
    if screening.verdict == "stop":
        return Plan(screening, protocol, protocol.interval_days, tuple(zones), (), tuple(warnings))
    if protocol.adapted:
        warnings.append(Message(protocol.adapted))
    warnings += [z.left_out for z in zones if z.left_out is not None]
    treated = [z for z in zones if z.available is not None]
    if not treated:
        warnings.append(Message(N_("No zone can be treated, so no sessions are planned.")))
        return Plan(screening, protocol, protocol.interval_days, tuple(zones), (), tuple(warnings))
    longest = max((z.needle_mm for z in treated if z.needle_mm is not None), default=None)
    kind = knowledge.devices[intake.device.kind if intake.device is not None else protocol.default_device]
    interval = knowledge.session_interval(protocol, longest, kind.id)
    if interval > protocol.interval_days and interval == kind.min_interval_days \
            and interval > knowledge.session_interval(protocol, longest):
        warnings.append(Message(  # the device, not the depth, sets the spacing (radio-frequency microneedling)
            N_("Sessions are {interval} days apart, not {nominal} as in this protocol: with {device}, leave at least "
               "{interval} days between sessions, whatever the depth."),
            {"interval": interval, "nominal": protocol.interval_days, "device": Message(kind.name)}))
    elif interval > protocol.interval_days:
        warnings.append(Message(
            N_("Sessions are {interval} days apart, not {nominal} as in this protocol: with a {needle_mm} mm needle "
               "the skin needs at least {interval} days between sessions."),
            {"interval": interval, "nominal": protocol.interval_days, "needle_mm": longest}))
    first = min(z.available for z in treated if z.available is not None)
    serums = serum_choice(screening, intake, knowledge)
    prep = prep_items(screening, intake, knowledge, serums, tuple(z.zone for z in treated))
    warnings += left_out_steps(intake, knowledge)
    if today is not None:
        lead = _required_lead_days(prep, intake, knowledge, first)
        if first - timedelta(days=lead) < today:
            first = today + timedelta(days=lead)
            warnings.append(Message(
                N_("The first session is on {first}: the preparation needs {lead} days before it, from today."),
                {"first": first, "lead": lead}))
    warnings += [Message(N_("{zone} joins the sessions from {date}: a waiting time applies there."),
                         {"zone": Message(knowledge.zones[z.zone].name), "date": z.available})
                 for z in treated if z.available is not None and z.available > first]
    schedule = _schedule(protocol, first, interval, screening.verdict == "consult", treated)
    writer = EventWriter(intake, knowledge, protocol, interval, today, prep, serums)
    events = writer.write(schedule)
    warnings += writer.notes
    ordered = tuple(sorted(events, key=lambda e: (e.date, DAY_ORDER[e.kind])))  # stable for ties
    # The texts the person reads count their dates from the first session actually planned.
    return Plan(dated_from(screening, schedule[0].date), protocol, interval, tuple(zones), ordered, tuple(warnings))


def plan_zones(screening: ScreeningResult, intake: Intake, knowledge: Knowledge) -> list[ZonePlan]:
    """Each zone of the intake: its needle, the first day it may be treated, or why it is left out.

    A zone is left out when the screening stops it, or when a reason about that zone
    alone (eczema on the cheeks, say) calls for a stop or a doctor's clearance; when
    the whole person awaits clearance, the zones stay in and every session is pending.
    A zone postponed on its own joins the sessions from the day its wait ends.
    """
    course_start = screening.start
    for r in screening.reasons:
        if r.effect == "postpone" and r.until is not None and r.until > course_start:
            course_start = r.until
    needle_free = intake.device is not None and not knowledge.devices[intake.device.kind].has_needles
    out = []
    for zone_id in intake.zones:
        result = screening.zones[zone_id]
        needle = None if needle_free or result.needle is None else result.needle.suggested_mm
        most = None if needle_free or result.needle is None else result.needle.max_mm
        name = Message(knowledge.zones[zone_id].name)
        own = strictest([r.zone_effect for r in screening.reasons
                         if r.zone_effect is not None and r.zones is not None and zone_id in r.zones])
        left_out = None
        if "stop" in (result.verdict, own):
            left_out = Message(N_("{zone} is left out of every session: the screening says stop there ({factors})."),
                               {"zone": name, "factors": _factors(screening, zone_id, "stop", knowledge)})
        elif own == "consult":
            left_out = Message(N_("{zone} is left out of the sessions until a doctor clears it ({factors}); "
                                  "plan it again once cleared."),
                               {"zone": name,
                                "factors": _factors(screening, zone_id, "consult", knowledge, zonal_only=True)})
        available = None if left_out else _zone_start(screening, zone_id, course_start)
        out.append(ZonePlan(zone_id, result.verdict, needle, most, available, left_out))
    return out


def _zone_start(screening: ScreeningResult, zone_id: str, course_start: date) -> date:
    """The course start, or later where a wait applies to this zone alone."""
    start = course_start
    for r in screening.reasons:
        if (r.zone_effect == "postpone" and r.until is not None and r.zones is not None
                and zone_id in r.zones and r.until > start):
            start = r.until
    return start


def _factors(screening: ScreeningResult, zone_id: str, verdict: str, knowledge: Knowledge,
             zonal_only: bool = False) -> tuple[Message, ...]:
    """The names of what gave a zone a verdict, for the person to recognise."""
    names: list[Message] = []
    for r in screening.reasons:
        effect = r.zone_effect if zonal_only else (r.zone_effect or r.effect)
        if effect == verdict and (r.zones is None or zone_id in r.zones):
            entry = knowledge.vocabulary.get(r.factor) or knowledge.ingredients.get(r.factor)
            name = Message(entry.name if entry is not None else r.factor.replace("_", " "))
            if name not in names:
                names.append(name)
    return tuple(names)


def _verdict_warnings(screening: ScreeningResult) -> list[Message]:
    if screening.verdict == "stop":
        return [Message(N_("No sessions are planned: the screening says stop, and no date can be given. "
                           "See the reasons, and talk to a doctor before planning again."))]
    if screening.verdict == "consult":
        return [Message(N_("Pending clearance: a doctor (or your prescriber or surgeon) must clear this first. "
                           "Every session is marked pending, and the dates move if clearance comes later."))]
    if screening.earliest_start is not None and screening.earliest_start > screening.start:
        return [Message(N_("Not before {earliest}: the first session is moved from {start} because of a "
                           "waiting time (see the reasons)."),
                        {"earliest": screening.earliest_start, "start": screening.start})]
    return []


def _required_lead_days(prep: list[CareItem], intake: Intake, knowledge: Knowledge, first: date) -> int:
    """Days of preparation that must fit between today and the first session.

    Optional steps (the retinol course) are dropped when too late; the rest of this
    person's steps (the patch test watched a week, E4; supplements paused a week, E3,
    or as long as a clinic's policy says for a medicine the person takes; asking the
    doctor about antivirals) move the course instead.
    """
    return max((pause_days(c, intake, knowledge, first) for c in prep if not c.optional), default=0)


def course_dates(protocol: Protocol, first: date, interval_days: int) -> list[date]:
    """The dates of a protocol's course: `interval_days` apart, plus each block's rest."""
    dates = [first]
    for n in range(1, protocol.sessions):
        gap = interval_days
        if protocol.block_size and n % protocol.block_size == 0:
            gap += protocol.block_rest_days
        dates.append(dates[-1] + timedelta(days=gap))
    return dates


def maintenance_dates(protocol: Protocol, last_session: date) -> list[date]:
    """Maintenance dates, counted in calendar months from the course's last session (D7)."""
    m = protocol.maintenance
    if m is None:
        return []
    return [add_months(last_session, m.after_months + k * m.every_months) for k in range(m.count)]


def _schedule(protocol: Protocol, first: date, interval: int, pending: bool,
              treated: list[ZonePlan]) -> list[Needling]:
    course = course_dates(protocol, first, interval)
    dates: list[tuple[date, Literal["session", "maintenance"]]] = [(d, "session") for d in course]
    dates += [(d, "maintenance") for d in maintenance_dates(protocol, course[-1])]
    out = []
    for number, (day, kind) in enumerate(dates, start=1):
        zones = tuple(z for z in treated if z.available is not None and z.available <= day)
        out.append(Needling(day, kind, number, len(course), zones, pending))
    return out


__all__ = ["course_dates", "maintenance_dates", "plan", "plan_zones"]
