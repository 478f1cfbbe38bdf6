"""A plan value → what the plan's own page shows: what to do, said once, then the dates, translated at render time.

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
from itertools import groupby

from django.utils.translation import gettext

from mesoplan import i18n
from mesoplan.core.knowledge import Knowledge
from mesoplan.core.plan_model import NEEDLING, Message, Plan, PlanEvent
from mesoplan.exports.timeline import KIND_LABELS, event_title, shopping
from mesoplan.web.front.display import SourceRef, long_date

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
    also: str  # the routine steps of the day with nothing of their own, by title
    needling: bool
    headline: str  # what the day holds, by kind ("Session · Aftercare"): the line a folded day shows


@dataclass(frozen=True)
class PlanView:
    protocol: str
    protocol_summary: str
    interval_days: int
    routine: list[RoutineStep]
    days: list[DayView]
    later: list[DayView]
    warnings: list[str]
    buy: list[str]  # what to buy for the whole plan, said plainly (home only)
    first_session: str
    words: dict[str, str]  # the words every day's entries repeat, translated once


def _links(codes: list[str]) -> list[SourceRef]:
    """Sources as plain links: the answer page lists each source's citation once, at its end."""
    return [SourceRef(code, "") for code in codes]


def _until(end: date | None, texts: _Texts) -> str:
    """"until" a window's last day: the plan's `end` is the first day after it, as in iCalendar."""
    return texts.translate("until %(day)s") % {"day": long_date(end - timedelta(days=1))} if end else ""


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
    said: set[str] = set()  # a line said in an earlier routine step (maintenance repeats the session's)
    common: dict[str, set[str]] = {}
    routine_codes: dict[str, set[str]] = {}
    for title_id, members in groups.items():
        first = events[members[0]]
        shared = set(lines[members[0]]).intersection(*(lines[i] for i in members[1:]))
        codes = list(dict.fromkeys(c for i in members for c in events[i].sources))
        same_title = all(titles[i] == titles[members[0]] for i in members)
        label = texts.translate(KIND_LABELS[first.kind])
        common[title_id], routine_codes[title_id] = shared, set(codes)
        routine.append(RoutineStep(kind=first.kind, label=label, title=titles[members[0]] if same_title else "",
                                   details=[line for line in lines[members[0]] if line in shared - said],
                                   sources=_links(codes)))
        said |= shared

    days: list[DayView] = []
    for day, same_day in groupby(range(len(events)), key=lambda i: events[i].date):
        entries, also = [], []
        for i in same_day:
            event = events[i]
            in_routine = event.title.id in common
            own_lines = [line for line in lines[i] if line not in common[event.title.id]] if in_routine \
                else lines[i]
            own_codes = [c for c in event.sources if c not in routine_codes[event.title.id]] if in_routine \
                else list(event.sources)
            if in_routine and not (own_lines or own_codes or event.pending_clearance or event.kind in NEEDLING):
                also.append(titles[i])  # nothing of its own that day: named, its steps are in the routine
                continue
            entries.append(EntryView(kind=event.kind, label=texts.translate(KIND_LABELS[event.kind]), title=titles[i],
                                     details=own_lines, until=_until(event.end, texts),
                                     pending_clearance=event.pending_clearance,
                                     sources=_links(own_codes), routine=in_routine))
        days.append(DayView(day=long_date(day), iso=day.isoformat(), entries=entries, also=" · ".join(also),
                            needling=any(e.kind in NEEDLING for e in entries),
                            headline=" · ".join(dict.fromkeys(e.label for e in entries)) or " · ".join(also)))

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
        buy=[i18n.render_message(m, gettext) for m in shopping(plan)],
        first_session=long_date(plan.first_session),
        words={"pending": gettext("once a doctor clears it"), "sources": gettext("Sources:"),
               "also": gettext("As every time (see below):")},
    )
