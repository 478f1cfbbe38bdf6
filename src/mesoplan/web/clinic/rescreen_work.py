"""The work of the bulk re-screen for one distinct stored intake: parse, screen, and plan if needed.

Pure apart from reading the knowledge it is given, so that `rescreen_pool.parallel_map` can
run it in forked processes: an intake is the stored JSON text and the day it was taken,
and only short results go back. Screening and planning are the same calls the clinic's
single-client path makes (`snapshot`), with the clinic's policy applied.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any, NamedTuple

from mesoplan.core.intake import Intake
from mesoplan.core.intake_parser import IntakeParser
from mesoplan.core.knowledge import Knowledge
from mesoplan.core.planning import plan
from mesoplan.core.rescreen import PolicyDiff, planner_reads_washout
from mesoplan.core.screening import ScreeningResult, screen
from mesoplan.errors import IntakeError
from mesoplan.web.clinic import snapshot

# The intake as stored (JSON text), the day it was taken, and the protocol chosen for it (left out or
# empty: the planner's choice): two clients share a screening and a plan only if all three are the same.
Key = tuple[str, date | None] | tuple[str, date | None, str]
PlanRow = tuple[date, str, str, list[str]]  # a plan event as stored: date, kind, English title, zones


class Screened(NamedTuple):
    """One distinct intake screened: what the client row keeps, or why it no longer reads."""

    verdict: str = ""
    earliest_start: date | None = None
    reasons_digest: str = ""
    touches_plan: bool = False  # the policy change reaches its plan even if the screening is the same
    error: tuple[str, str] | None = None  # (field, problem)
    # `snapshot.reason_notes`, made only where a client's answer differs (to store and list them)
    reasons: tuple[dict[str, Any], ...] | None = None


class Planned(NamedTuple):
    """One distinct intake planned: the digest of the whole plan, and the events kept as rows."""

    plan_digest: str
    rows: tuple[PlanRow, ...]


Answer = tuple[str, date | None, str]  # what a client row keeps of a screening: verdict, earliest start, digest


class Stored(NamedTuple):
    """What the clients who share one stored intake keep of its last screening."""

    answers: frozenset[Answer]
    replan: bool  # one of them never had a whole answer stored: plan again whatever the screening says


class Work:
    """Parses, screens and plans stored intakes against one clinic knowledge base."""

    def __init__(self, knowledge: Knowledge, diff: PolicyDiff | None = None) -> None:
        self.knowledge, self.diff = knowledge, diff
        self.parser = IntakeParser(knowledge)

    def read(self, key: Key) -> Intake:
        """The stored intake, parsed as the single-client path parses it. Raises `IntakeError`."""
        return self.parser.parse(json.loads(key[0]), default_start=key[1])

    def screen(self, keys: Sequence[Key]) -> list[Screened]:
        return [self.screen_one(key)[0] for key in keys]

    def plan(self, keys: Sequence[Key]) -> list[Planned]:
        """Plan each stored intake (which must read) as on the day it was taken."""
        out = []
        for key in keys:
            intake = self.read(key)
            out.append(self._plan(intake, screen(intake, self.knowledge), key))
        return out

    def screen_one(self, key: Key, stored: Stored | None = None) -> tuple[Screened, Planned | None]:
        """Parse and screen one stored intake; with `stored`, plan it too where that is needed.

        A plan is made again when its screening differs from one its clients keep, when the
        policy change reaches the plan even so (`Screened.touches_plan`), or when `stored`
        asks for it. Screening and planning in one pass reads and screens each intake once.
        A parse error is a result, not an exception.
        """
        try:
            intake = self.read(key)
        except IntakeError as error:
            return Screened(error=(error.field, error.problem)), None
        result = screen(intake, self.knowledge)
        diff = self.diff
        touches = diff is not None and (diff.touches_bands(intake) or diff.touches_spacing(intake)
                                        or planner_reads_washout(intake, self.knowledge, diff.rules))
        done = Screened(result.verdict, result.earliest_start, snapshot.reasons_digest(result), touches)
        if stored is None:
            return done, None
        differs = any(a != done[:3] for a in stored.answers)
        if differs:  # their texts cost more than the screening: only for answers that changed
            done = done._replace(reasons=snapshot.reason_notes(result))
        if not (stored.replan or touches or differs):
            return done, None
        try:
            return done, self._plan(intake, result, key)
        except IntakeError as error:  # the protocol chosen no longer fits: reported as a client that no longer reads
            return Screened(error=(error.field, error.problem)), None

    def _plan(self, intake: Intake, result: ScreeningResult, key: Key) -> Planned:
        protocol = key[2] if len(key) > 2 else ""
        events = plan(result, intake, self.knowledge, protocol or None, today=key[1]).events
        return Planned(snapshot.plan_digest(events),
                       tuple((e.date, e.kind, e.title.text, list(e.zones)) for e in snapshot.stored_events(events)))
