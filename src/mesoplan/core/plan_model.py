"""The plan (contract §3) as frozen values: dated events, the zone table and warnings.

Texts are `Message`s: an English message id (marked with `N_` where the planner
writes it, or a knowledge text) and its parameters, so that every adapter can
translate the id first and fill in the dates and numbers after.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any, Final, Literal, get_args

from mesoplan.core.i18n import fill
from mesoplan.core.knowledge import Protocol
from mesoplan.core.screening import ScreeningResult
from mesoplan.core.verdicts import Verdict

EventKind = Literal["prep", "session", "aftercare", "recovery", "maintenance", "device", "check"]
EVENT_KINDS: Final[tuple[EventKind, ...]] = get_args(EventKind)
# Order of events on the same day: what to do before, the device, the session itself,
# what to do after it, then the windows and check-ins that start that day.
DAY_ORDER: Final[Mapping[str, int]] = MappingProxyType({
    kind: rank for rank, kind in enumerate(("prep", "device", "session", "maintenance", "aftercare",
                                            "recovery", "check"))
})
Day = date  # an alias: inside PlanEvent the name `date` is the field
NEEDLING: Final[frozenset[str]] = frozenset({"session", "maintenance"})


@dataclass(frozen=True, slots=True)
class Message:
    """A user-facing text: an English message id and the values it names in braces."""

    id: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The English text with its values filled in."""
        return self.translated(_same)

    def translated(self, gettext: Callable[[str], str]) -> str:
        """Translate the id (and any messages among the values), then fill in the values.

        Dates read YYYY-MM-DD, lengths without trailing zeros; a tuple of values is
        joined with commas.
        """
        template = gettext(self.id)
        if not self.params:
            return template  # a knowledge text may contain braces of its own
        return fill(template, {k: _translated(v, gettext) for k, v in self.params.items()})


def _same(message: str) -> str:
    return message


def _translated(value: object, gettext: Callable[[str], str]) -> object:
    """Messages among a message's values, translated; other values as they are."""
    if isinstance(value, Message):
        return value.translated(gettext)
    if isinstance(value, tuple) and any(isinstance(v, Message) for v in value):
        return ", ".join(str(_translated(v, gettext)) for v in value)
    return value


@dataclass(frozen=True, slots=True)
class PlanEvent:
    """One dated thing to do (or to watch for) in a plan.

    `end` is the first day after a window (recovery) or a course (retinol), as in
    iCalendar; `needle_mm` maps each treated zone to its needle length in mm.
    `key` is unique within the plan and stable for the same intake and protocol.
    """

    date: date
    kind: EventKind
    key: str
    title: Message
    details: tuple[Message, ...] = ()
    sources: tuple[str, ...] = ()
    zones: tuple[str, ...] = ()
    needle_mm: Mapping[str, float] = field(default_factory=dict)
    pending_clearance: bool = False
    end: Day | None = None

    @property
    def longest_needle_mm(self) -> float | None:
        """The longest needle of the event, which sets the healing interval after it."""
        return max(self.needle_mm.values()) if self.needle_mm else None


@dataclass(frozen=True, slots=True)
class ZonePlan:
    """How one zone of the intake is planned: its needle, from when, or why it is left out."""

    zone: str
    verdict: Verdict
    needle_mm: float | None  # None for a needle-free device
    max_mm: float | None
    available: date | None  # first day it may be treated; None when left out
    left_out: Message | None = None


@dataclass(frozen=True, slots=True)
class Plan:
    """A plan a person can follow (contract §3): events sorted by date, then by kind."""

    screening: ScreeningResult  # as screened, its "last dose on …" texts dated from the first session
    protocol: Protocol
    interval_days: int  # the spacing used: the protocol's or the needle's minimum, the longer
    zones: tuple[ZonePlan, ...]
    events: tuple[PlanEvent, ...]
    warnings: tuple[Message, ...] = field(default=())

    @property
    def sessions(self) -> tuple[PlanEvent, ...]:
        """The needling events: course sessions and maintenance sessions."""
        return tuple(e for e in self.events if e.kind in NEEDLING)

    @property
    def first_session(self) -> date | None:
        """The date of the first session, if any is planned."""
        sessions = self.sessions
        return sessions[0].date if sessions else None
