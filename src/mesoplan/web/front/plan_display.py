"""A plan value → what a page shows: what to do, said once, then the dates, translated at render time.

A course repeats the same steps on every session day (get ready, a new cartridge, the session,
aftercare, the day after). Said under each of eight sessions they made the answer page long and
hard to follow, so the page says them once, with their sources, as the *routine*, and the dated
list keeps per day only what is particular to that day: its titles, its own dates (aftercare
"until …"), pending-clearance marks, and the one-off steps (preparation, pauses, check-ins) in full.
The PDF and the calendar keep their own layout (`mesoplan.exports`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext

from mesoplan import i18n
from mesoplan.core.knowledge import Knowledge
from mesoplan.core.plan_model import NEEDLING, Message, Plan, PlanEvent
from mesoplan.exports.timeline import KIND_LABELS, event_title
from mesoplan.web.front.display import SourceRef, long_date, source_refs

# Shown at once: the preparation and the days up to the third session; the rest folds away.
SESSIONS_SHOWN = 3


@dataclass(frozen=True)
class RoutineStep:
    """A step that comes back with every session, said once: what it is, what to do, its sources."""

    kind: str
    label: str
    title: str
    details: list[str]
    sources: list[SourceRef]


@dataclass(frozen=True)
class EntryView:
    """One thing to do on a day: its title, what is particular to it, and its own sources."""

    kind: str
    label: str
    title: str
    details: list[str]
    until: str
    pending_clearance: bool
    sources: list[SourceRef]
    routine: bool  # its common steps are said once, in the routine


@dataclass(frozen=True)
class DayView:
    day: str
    iso: str
    entries: list[EntryView]
    needling: bool


@dataclass(frozen=True)
class PlanView:
    protocol: str
    protocol_summary: str
    interval_days: int
    routine: list[RoutineStep]
    days: list[DayView]
    later: list[DayView]
    warnings: list[str]
    first_session: str


def _last_day(end: date | None) -> str:
    """A window's last day: the plan's `end` is the first day after it, as in iCalendar."""
    return long_date(end - timedelta(days=1)) if end is not None else ""


class _Texts:
    """Texts translated and filled in once per page: the same aftercare and session texts come back
    with every session, and translating them is most of the cost of the plan's view."""

    def __init__(self) -> None:
        self._translated: dict[str, str] = {}
        self._rendered: dict[object, str] = {}

    def translate(self, message_id: str) -> str:
        if message_id not in self._translated:
            self._translated[message_id] = gettext(message_id)
        return self._translated[message_id]

    def lines(self, event: PlanEvent) -> list[str]:
        if event.kind == "recovery":  # its title already says until when
            return []
        return [self._render(d) for d in event.details]

    def _render(self, message: Message) -> str:
        key = _frozen(message)
        if key not in self._rendered:
            self._rendered[key] = i18n.render_message(message, self.translate)
        return self._rendered[key]


def _frozen(value: object) -> object:
    """A message and its values as a key: equal texts give equal keys."""
    if isinstance(value, Message):
        return value.id, tuple((k, _frozen(v)) for k, v in value.params.items())
    if isinstance(value, tuple | list):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, Mapping):
        return tuple((k, _frozen(v)) for k, v in value.items())
    return value


def plan_view(plan: Plan, knowledge: Knowledge) -> PlanView:
    """The plan as the answer page shows it: the routine once, then each day with what is its own."""
    events = plan.events
    texts = _Texts()
    titles = [event_title(e, knowledge, texts.translate) for e in events]
    lines = [texts.lines(e) for e in events]
    repeats = Counter(e.title.id for e in events)
    groups: dict[str, list[int]] = {}
    for i, event in enumerate(events):
        if repeats[event.title.id] > 1:
            groups.setdefault(event.title.id, []).append(i)

    routine: list[RoutineStep] = []
    common: dict[str, set[str]] = {}
    routine_codes: dict[str, set[str]] = {}
    for title_id, members in groups.items():
        first = events[members[0]]
        shared = set(lines[members[0]]).intersection(*(lines[i] for i in members[1:]))
        codes = list(dict.fromkeys(c for i in members for c in events[i].sources))
        same_title = all(titles[i] == titles[members[0]] for i in members)
        label = gettext(KIND_LABELS[first.kind])
        common[title_id], routine_codes[title_id] = shared, set(codes)
        routine.append(RoutineStep(kind=first.kind, label=label, title=titles[members[0]] if same_title else "",
                                   details=[line for line in lines[members[0]] if line in shared],
                                   sources=source_refs(codes, knowledge)))

    days: list[DayView] = []
    for i, event in enumerate(events):
        in_routine = event.title.id in common
        own_lines = [line for line in lines[i] if line not in common[event.title.id]] if in_routine else lines[i]
        own_codes = [c for c in event.sources if c not in routine_codes[event.title.id]] if in_routine \
            else list(event.sources)
        entry = EntryView(kind=event.kind, label=gettext(KIND_LABELS[event.kind]), title=titles[i],
                          details=own_lines, until=_last_day(event.end), pending_clearance=event.pending_clearance,
                          sources=source_refs(own_codes, knowledge), routine=in_routine)
        if days and days[-1].iso == event.date.isoformat():
            days[-1].entries.append(entry)
            if event.kind in NEEDLING and not days[-1].needling:
                days[-1] = DayView(days[-1].day, days[-1].iso, days[-1].entries, needling=True)
        else:
            days.append(DayView(day=long_date(event.date), iso=event.date.isoformat(), entries=[entry],
                                needling=event.kind in NEEDLING))

    cut = len(days)
    needling_days = [n for n, d in enumerate(days) if d.needling]
    if len(needling_days) >= SESSIONS_SHOWN:
        cut = needling_days[SESSIONS_SHOWN - 1] + 1
    return PlanView(
        protocol=gettext(plan.protocol.title),
        protocol_summary=gettext(plan.protocol.summary),
        interval_days=plan.interval_days,
        routine=routine,
        days=days[:cut],
        later=days[cut:],
        warnings=[i18n.render_message(w, gettext) for w in plan.warnings],
        first_session=long_date(plan.first_session),
    )
