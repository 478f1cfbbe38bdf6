"""The events of a plan around each needling date: prep, device, session, aftercare, checks.

`planning` decides the dates; this module writes what happens on and around them,
from the care items, devices and side effects of the knowledge base.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType
from typing import Literal, TypeVar, cast

from mesoplan.core.dates import add_months
from mesoplan.core.i18n import N_
from mesoplan.core.intake import Intake, Medication
from mesoplan.core.knowledge import (
    FLAG_LEVELS,
    NUMBING,
    PATCH_TEST,
    CareItem,
    FlagLevel,
    Knowledge,
    Protocol,
    Rule,
    SideEffect,
)
from mesoplan.core.plan_model import Message, PlanEvent, ZonePlan
from mesoplan.core.plan_scope import SerumChoice, taken_medicines

T = TypeVar("T")



@dataclass(frozen=True, slots=True)
class Needling:
    """One needling date of the schedule and the zones treated on it."""

    date: date
    kind: Literal["session", "maintenance"]
    number: int  # 1-based, course sessions first, then maintenance
    course_size: int
    zones: tuple[ZonePlan, ...]
    pending: bool


def _unique(codes: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(codes))


def _line(item: CareItem) -> Message:
    return Message(N_("{title}: {details}"), {"title": Message(item.title), "details": Message(item.details)})


# Per check-in day: its title, its lines and their sources. The same for every plan of a
# knowledge base, so made once with it (core/derived.py).
CheckTexts = Mapping[int, tuple[Message, tuple[Message, ...], tuple[str, ...]]]


def check_texts(kb: Knowledge) -> CheckTexts:
    """Per check-in day: its title, its lines (the side effects to expect and the red flags
    that can have appeared by then) and their sources."""
    texts: dict[int, tuple[Message, tuple[Message, ...], tuple[str, ...]]] = {}
    for check_in in kb.schedule.check_ins:
        days = check_in.days
        expected = [s for s in kb.side_effects.values() if s.kind == "expected"]
        flags = [s for s in kb.side_effects.values() if s.kind == "red_flag"
                 and (s.onset_days is None or s.onset_days[0] <= days)
                 and (s.expected_days is None or s.expected_days <= days)]
        lines = (Message(N_("Write in your reaction diary how the skin looks and feels, with a photo.")),
                 Message(N_("Expected, and settling within about a week: {names}."),
                         {"names": tuple(Message(s.name) for s in expected)}),
                 *_flag_lines(flags))
        texts[days] = (Message(check_in.title), lines, _unique(c for s in (*expected, *flags) for c in s.sources))
    return texts


# The red flags of a check-in, one line per level of urgency (decisions item 1), most urgent first.
FLAG_LINES: Mapping[FlagLevel, str] = MappingProxyType({
    "emergency": N_("Call emergency services now if you notice: {names}."),
    "doctor_today": N_("See a doctor today if you notice: {names}."),
    "doctor_soon": N_("See a doctor in the coming days if you notice: {names}."),
})


def _flag_lines(flags: list[SideEffect]) -> tuple[Message, ...]:
    lines = []
    for level in FLAG_LEVELS:
        names = tuple(Message(s.name) for s in flags if s.level == level)
        if names:
            lines.append(Message(FLAG_LINES[level], {"names": names}))
    return tuple(lines)


def paused_medicines(item: CareItem, intake: Intake, kb: Knowledge) -> list[tuple[Medication, Rule]]:
    """The medicines the person still takes on their own (not prescribed) that this prep step pauses."""
    return [(med, rule) for med, rule in taken_medicines(item, intake, kb) if not med.prescribed]


def pause_days(item: CareItem, intake: Intake, kb: Knowledge, first: date) -> int:
    """How many days before a session a prep step starts: its own `offset_days`, or longer where
    the wash-out of a medicine the person takes on their own is longer (a clinic's policy, say).

    A wash-out in months is counted back from the first session, for every session alike. A
    prescribed medicine never lengthens it: mesoplan does not pause it at all.
    """
    days = item.offset_days
    for _med, rule in paused_medicines(item, intake, kb):
        assert rule.washout is not None, "care.yaml `pauses` lists rules with a wash-out"
        days = max(days, (first - rule.washout.before(first)).days)
    return days


class EventWriter:
    """Writes the events of one plan; `notes` collects warnings met on the way."""

    def __init__(self, intake: Intake, knowledge: Knowledge, protocol: Protocol, interval_days: int,
                 today: date | None, prep: list[CareItem], serums: SerumChoice) -> None:
        """`prep` are the preparation steps of this person's plan, `serums` what the plan may apply
        (see `plan_scope`)."""
        self.intake, self.kb, self.protocol = intake, knowledge, protocol
        self.interval = timedelta(days=interval_days)
        self.today = today
        self.serums = serums
        self.device = knowledge.devices[intake.device.kind if intake.device else protocol.default_device]
        chosen = {c.id for c in prep}
        self.care = [c for c in knowledge.care.values() if intake.setting in c.settings
                     and (c.phase != "prep" or c.id in chosen)]
        self.notes: list[Message] = []
        # What is the same on every needling day of this plan, made once.
        self._ready: dict[bool, tuple[tuple[Message, ...], tuple[str, ...]]] = {}
        self._after = [c for c in self.care if c.phase == "after"]
        self._after_sources = _unique(code for c in self._after for code in c.sources)
        steps = [self.kb.care[s] for s in protocol.steps]
        self._step_lines = [_line(s) for s in steps]
        self._session_sources = _unique([*protocol.sources, *(c for s in steps for c in s.sources)])
        # Messages are values: those that do not change from one needling day to the next are
        # made once here and shared by the plan's events.
        self._after_titles = [(timedelta(days=c.duration_days) if c.duration_days and c.duration_days > 1 else None,
                               Message(c.title)) for c in self._after]
        self._checks = [(days, timedelta(days=days), texts) for days, texts in knowledge.derived.check_texts.items()]
        self._zone_names = {z: Message(knowledge.zones[z].name) for z in intake.zones}
        self._device_name = Message(self.device.name)
        self._texts: dict[object, object] = {}  # other texts made once per plan, by what they depend on

    def write(self, schedule: list[Needling]) -> list[PlanEvent]:
        """All events of the plan, in the order written (the planner sorts them)."""
        events = self.before_course(schedule[0].date)
        for item in self.care:
            if item.phase == "prep" and item.offset_days > 0 and not item.once:
                events += self.pauses(item, schedule)
        for i, needling in enumerate(schedule):
            following = schedule[i + 1] if i + 1 < len(schedule) else None
            events += [self.get_ready(needling), *self.device_events(needling), self.session(needling),
                       self.aftercare(needling), self.recovery(needling, following),
                       *self.checks(needling, following)]
        last = max(n.date for n in schedule if n.kind == "session")
        events.append(self.review(last, next((n.date for n in schedule if n.kind == "maintenance"), None)))
        self.device_notes(schedule)
        return events

    def device_notes(self, schedule: list[Needling]) -> None:
        """E1: how many sterile rollers or cartridges the plan needs, and the last day a reused one may serve."""
        kind = self.device
        if not kind.has_needles or not (kind.single_use or kind.cartridge_single_use):
            return
        # A roller or stamp has one length: a session treating zones at two lengths needs two.
        count = sum(1 if kind.adjustable else max(1, len({z.needle_mm for z in n.zones})) for n in schedule)
        params = {"device": Message(kind.name), "count": count}
        if not kind.single_use or self.intake.setting == "clinic":
            self.notes.append(Message(N_("Every session needs a new sterile cartridge or new needles: "
                                         "{count} in this plan. Never share them or use them twice."), params))
            return
        self.notes.append(Message(N_("A {device} is single-use: this plan needs {count} new sterile ones, a new one "
                                     "for every session and needle length."), params))
        first = schedule[0].date
        limits = []
        if kind.replace_after_days is not None:
            limits.append(first + timedelta(days=kind.replace_after_days))
        if kind.replace_after_uses is not None and len(schedule) > kind.replace_after_uses:
            limits.append(schedule[kind.replace_after_uses].date)
        later = [n.date for n in schedule if limits and n.date >= min(limits)]
        if later:
            self.notes.append(Message(N_("If you reuse one anyway, replace it after {uses} uses or {days} days, "
                                         "whichever comes first: with this plan, a new one on {date} at the latest."),
                                      {"uses": kind.replace_after_uses, "days": kind.replace_after_days,
                                       "date": later[0]}))

    # -- before the course -------------------------------------------------------------

    def before_course(self, first: date) -> list[PlanEvent]:
        events = []
        for item in self.care:
            if item.phase != "prep" or item.offset_days == 0 or not item.once:
                continue
            day = first - timedelta(days=item.offset_days)
            if self.today is not None and day < self.today and item.optional:
                self.notes.append(Message(N_("It is too late for the optional step “{title}” before {first}."),
                                          {"title": Message(item.title), "first": first}))
                continue
            details = [Message(item.details)]
            end = day + timedelta(days=item.duration_days) if item.duration_days else None
            if item.id == PATCH_TEST:
                details.append(Message(N_("Serum to test: {serums}."), {"serums": self._serum_names()}))
                end = first
            events.append(PlanEvent(day, "prep", f"prep-{item.id}", Message(item.title), tuple(details),
                                    item.sources, end=end))
        return events

    def pauses(self, item: CareItem, schedule: list[Needling]) -> list[PlanEvent]:
        """A pause before the first session, lifted and started again only where a week of use fits.

        A person whose products under this step are all prescribed pauses nothing: one step
        before the course sends them to the prescriber instead.
        """
        if item.pauses and not paused_medicines(item, self.intake, self.kb):
            return [self.ask_prescriber(item, schedule[0].date)]
        hold = timedelta(days=item.resume_after_days)
        lead = timedelta(days=pause_days(item, self.intake, self.kb, schedule[0].date))
        # A gap between two sessions shorter than this keeps the pause on.
        shortest_gap = lead + timedelta(days=self.kb.schedule.min_use_days) + hold
        title, fixed = Message(item.title), [Message(item.details), *self._medication_lines(item)]
        events, i = [], 0
        while i < len(schedule):
            j = i + 1
            while j < len(schedule) and schedule[j].date - schedule[j - 1].date < shortest_gap:
                j += 1
            resume = schedule[j - 1].date + hold
            details = (*fixed, Message(N_("The pause lasts until {resume}: you may take or use them again from "
                                          "that day."), {"resume": resume}))
            events.append(PlanEvent(schedule[i].date - lead, "prep", f"prep-{item.id}-{schedule[i].number}", title,
                                    details, item.sources))
            i = j
        return events

    def ask_prescriber(self, item: CareItem, first: date) -> PlanEvent:
        """E3: a prescribed product is never paused by mesoplan; its prescriber decides, before the course."""
        return PlanEvent(first - timedelta(days=item.offset_days), "prep", f"prep-ask_prescriber-{item.id}",
                         Message(N_("Ask your prescriber before the course")),
                         tuple(self._medication_lines(item)), item.sources)

    def _medication_lines(self, item: CareItem) -> list[Message]:
        """The intake's own products that this pause is about (care.yaml `pauses`), and prescribed ones."""
        own: list[Message] = []
        prescribed: list[Message] = []
        for med, _rule in taken_medicines(item, self.intake, self.kb):
            (prescribed if med.prescribed else own).append(Message(self.kb.vocabulary[med.id].name))
        lines = []
        if own:
            lines.append(Message(N_("You named: {names}: last dose or use today."), {"names": tuple(own)}))
        if prescribed:
            lines.append(Message(N_("Prescribed to you: {names}: keep taking it; your prescriber decides."),
                                 {"names": tuple(prescribed)}))
        return lines

    # -- each needling day -------------------------------------------------------------

    def get_ready(self, n: Needling) -> PlanEvent:
        first = n.number == 1
        made = self._ready.get(first)
        if made is None:
            items = [c for c in self.care if c.phase == "prep" and c.offset_days == 0
                     and (first or not c.once)]
            lines = [_line(c) for c in items]
            if "lidocaine" in self.intake.allergies and any(c.id == NUMBING for c in items):
                lines.append(Message(N_("You are allergic to lidocaine: tell the clinic, and no numbing cream "
                                        "with it.")))
            made = self._ready[first] = (tuple(lines), _unique(c for item in items for c in item.sources))
        return PlanEvent(n.date, "prep", f"prep-ready-{n.number}", Message(N_("Get ready for the session")), *made)

    def device_events(self, n: Needling) -> list[PlanEvent]:
        kind = self.device
        if not kind.has_needles or not (kind.single_use or kind.cartridge_single_use):
            return []
        home = self.intake.setting == "home"
        if kind.single_use:
            title = (N_("A new sterile {device} for this session") if home
                     else N_("The clinic opens a new sterile {device}"))
        else:
            title = (N_("A new sterile cartridge for the {device}") if home
                     else N_("The clinic fits a new sterile cartridge or needles on the {device}"))
        needles = tuple((z.zone, z.needle_mm) for z in n.zones)
        made = self._once(("device", needles), lambda: self._device_texts(title, n.zones))
        return [PlanEvent(n.date, "device", f"device-{n.number}", *made, kind.sources)]

    def _device_texts(self, title: str, zones: tuple[ZonePlan, ...]) -> tuple[Message, tuple[Message, ...]]:
        """The device event's title and lines for a needling day that treats these zones."""
        kind = self.device
        lines = [Message(kind.care)]
        lengths: dict[float, list[Message]] = {}
        for z in zones:
            if z.needle_mm is not None:
                lengths.setdefault(z.needle_mm, []).append(self._zone_names[z.zone])
        if len(lengths) > 1 and not kind.adjustable:
            lines.append(Message(N_("A {device} has one needle length, so use one of each: {lengths}."),
                                 {"device": self._device_name, "lengths": tuple(
                                     Message(N_("{mm} mm for {zones}"), {"mm": mm, "zones": tuple(names)})
                                     for mm, names in sorted(lengths.items()))}))
        return Message(title, {"device": self._device_name}), tuple(lines)

    def session(self, n: Needling) -> PlanEvent:
        needles = tuple((z.zone, z.needle_mm) for z in n.zones)
        lines = [self._once(("zones", needles), lambda: self._zones_line(n.zones))]
        if self.intake.setting == "clinic":
            lines.append(self._once(("booking", len(n.zones)), lambda: self._booking_line(len(n.zones))))
        lines += self._once("serum", self._serum_lines)
        lines += self._step_lines
        if n.pending:
            lines.insert(0, Message(N_("Pending clearance: do not go ahead until a doctor has cleared it.")))
        title = (Message(N_("Session {number} of {total}"), {"number": n.number, "total": n.course_size})
                 if n.kind == "session" else Message(N_("Maintenance session")))
        return PlanEvent(n.date, n.kind, f"{n.kind}-{n.number}", title, tuple(lines), self._session_sources,
                         zones=tuple(z.zone for z in n.zones),
                         needle_mm={z.zone: z.needle_mm for z in n.zones if z.needle_mm is not None},
                         pending_clearance=n.pending)

    def _zones_line(self, zones: tuple[ZonePlan, ...]) -> Message:
        names = self._zone_names
        if all(z.needle_mm is not None for z in zones):
            return Message(N_("Zones and needle length: {zones}."), {"zones": tuple(
                Message(N_("{zone} {mm} mm"), {"zone": names[z.zone], "mm": z.needle_mm}) for z in zones)})
        return Message(N_("Zones: {zones}."), {"zones": tuple(names[z.zone] for z in zones)})

    @staticmethod
    def _booking_line(zone_count: int) -> Message:
        # D6: 20 minutes of numbing, then 30 to 60 minutes depending on the area.
        minutes = min(60, 30 + 10 * (zone_count - 1))
        return Message(N_("Book about {total} minutes: 20 minutes of numbing cream, then about {minutes} "
                          "minutes of treatment."), {"total": 20 + minutes, "minutes": minutes})

    def _once(self, key: object, make: Callable[[], T]) -> T:
        """A text this plan has made before for the same `key`, else `make()`, kept."""
        if key not in self._texts:
            self._texts[key] = make()
        return cast(T, self._texts[key])

    def _serum_names(self) -> tuple[Message, ...]:
        return tuple(Message(self.kb.ingredients[s].name) for s in self.serums.used)

    def _serum_lines(self) -> list[Message]:
        """The serums applied in a session, and where one was left out, that it was and why."""
        lines = []
        if self.serums.used:
            lines.append(Message(N_("Serum: {serums}."), {"serums": self._serum_names()}))
        elif self.serums.left_out:
            lines.append(Message(N_("Serum: none of the serums you named can be used (see below).")))
        else:
            allergens = tuple(Message(self.kb.ingredients[a].name) for a in self.intake.allergies
                              if a in self.kb.ingredients and self.kb.ingredients[a].serum)
            lines.append(Message(N_("Serum: a sterile one meant for needled skin, without {allergens}: you are "
                                    "allergic to it."), {"allergens": allergens}) if allergens
                         else Message(N_("Serum: a sterile one meant for needled skin; hyaluronic acid is the usual "
                                         "base.")))
        lines += [Message(N_("Left out: {serum}: {why}"), {"serum": Message(self.kb.ingredients[s].name), "why": why})
                  for s, why in self.serums.left_out]
        return lines

    def aftercare(self, n: Needling) -> PlanEvent:
        lines = [Message(N_("{title} (until {until})"), {"title": title, "until": n.date + lasting})
                 if lasting is not None else title for lasting, title in self._after_titles]
        return PlanEvent(n.date, "aftercare", f"aftercare-{n.number}", Message(N_("Aftercare")), tuple(lines),
                         self._after_sources)

    def recovery(self, n: Needling, following: Needling | None) -> PlanEvent:
        """The healing window: until the next course session, or the minimum interval after the last."""
        end = following.date if following is not None and following.kind == "session" else n.date + self.interval
        return PlanEvent(n.date + timedelta(days=1), "recovery", f"recovery-{n.number}",
                         Message(N_("Recovery: no needling until {until}"), {"until": end}),
                         (Message(self.kb.schedule.recovery_details, {"until": end}),),
                         self.kb.schedule.recovery_sources, end=end)

    def checks(self, n: Needling, following: Needling | None) -> list[PlanEvent]:
        """Reaction-diary check-ins, each listing the red flags that can have appeared by then."""
        events = []
        for days, after, (title, lines, sources) in self._checks:
            day = n.date + after
            if days > 1 and following is not None and day >= following.date:
                continue
            events.append(PlanEvent(day, "check", f"check-{days}-{n.number}", title, lines, sources))
        return events

    def review(self, last_session: date, maintenance: date | None) -> PlanEvent:
        schedule = self.kb.schedule
        lines = [Message(schedule.review_details)]
        lines += [Message(self.kb.goals[g].expect) for g in self.intake.goals]
        if maintenance is not None:
            lines.append(Message(N_("The first maintenance session is planned for {date}."), {"date": maintenance}))
        return PlanEvent(add_months(last_session, schedule.review_months), "check", "check-review",
                         Message(N_("Judge the result")), tuple(lines), schedule.review_sources)
