"""The bulk re-screen: every client's intake screened and planned again, after the knowledge base or a
clinic's policy changed, and the clients whose verdict, reasons or plan changed marked for the dashboard.

`rescreen_all` is the one entry point (the dashboard's button and `mesoplan rescreen` call it);
keep its signature and its report stable.

How it stays fast (docs/screening.md, "The bulk re-screen"): a client already screened with
the knowledge and policy in force is not read at all; after a policy change on the same
knowledge base, only clients whose intake names a rule or zone the change touched are
screened (the others' answers cannot differ, and they are not written); each distinct
stored intake is screened once, on every core; a plan is made again only where the
screening or the policy change reaches it; and only what changed is written, with one
executemany per kind of change, in one transaction.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from mesoplan import services
from mesoplan.core.knowledge import Knowledge
from mesoplan.core.policy import POLICY_MARK
from mesoplan.core.rescreen import PolicyDiff, policy_diff
from mesoplan.rescreen_pool import parallel_map
from mesoplan.web.clinic import policies, rescreen_rows
from mesoplan.web.clinic.models import Organisation
from mesoplan.web.clinic.rescreen_rows import Row
from mesoplan.web.clinic.rescreen_work import Answer, Key, Planned, PlanRow, Screened, Stored, Work

CHANGED_COLUMNS = ("verdict", "earliest_start", "reasons_digest", "plan_digest", "knowledge_version", "policy_version",
                   "screened_at", "previous_verdict", "changed_at")
KEPT_COLUMNS = ("knowledge_version", "policy_version", "screened_at")
# From how many distinct intakes a second process pays for its start (about 30 ms): reading and
# screening one stored intake takes some 40 µs, planning one about a millisecond. Which intakes
# need a plan is known only once screened, except those that need one whatever the answer.
SCREEN_IN_PARALLEL = 4000
PLAN_IN_PARALLEL = 200


@dataclass(frozen=True)
class RescreenReport:
    """What a re-screen did: how many clients it screened, which changed, which could not be read."""

    checked: int = 0
    changed_client_ids: tuple[int, ...] = ()
    failures: tuple[tuple[int, str, str], ...] = field(default=())  # (client id, field, problem)
    knowledge_version: str = ""
    screened: int = 0  # clients whose intake was screened again; the others could not have changed
    distinct: int = 0  # distinct intakes among them, each screened once
    planned: int = 0  # distinct intakes planned again
    seconds: float = 0.0
    phases: tuple[tuple[str, float], ...] = ()  # (read | screen and plan | write, seconds)

    @property
    def changed(self) -> int:
        return len(self.changed_client_ids)

    def as_data(self) -> dict[str, Any]:
        """The report as plain JSON data."""
        return {"checked": self.checked, "changed": self.changed, "changed_client_ids": list(self.changed_client_ids),
                "failures": [{"client_id": c, "field": f, "problem": p} for c, f, p in self.failures],
                "knowledge_version": self.knowledge_version, "screened": self.screened,
                "distinct": self.distinct, "planned": self.planned, "seconds": round(self.seconds, 3),
                "phases": {name: round(seconds, 3) for name, seconds in self.phases}}


def rescreen_all(organisation: Organisation | None = None) -> RescreenReport:
    """Screen and plan every client with an intake again (of one clinic, or of all).

    A client whose verdict, earliest start, reasons or plan differ gets `previous_verdict`
    and `changed_at` (now) and a new stored plan; one screened again whose answer is the
    same only gets the new versions. A client that a policy change provably does not reach
    (its intake names none of the rules or zones it changed) is neither screened nor
    written: it keeps the versions its answer was made with, which give the same answer.
    A stored intake that no longer parses (the vocabulary changed) is reported, and its
    client left as it was.
    """
    clock = _Clock()
    now = timezone.now()
    scope = rescreen_rows.with_intake(organisation)
    clinics = [organisation.pk] if organisation is not None else sorted(
        set(scope.order_by().values_list("organisation_id", flat=True)))
    run = _Run(clinics)
    for in_force, group in run.groups.items():
        for versions in rescreen_rows.stale_versions(scope, group, in_force):
            diff = run.diff(versions)
            for row in rescreen_rows.stale(scope, versions, None if diff is None else _words(diff)):
                run.consider(row, diff)
    clock.lap("read")
    run.screen_and_plan()
    clock.lap("screen and plan")
    changed, kept, plans = run.changes(now)
    with transaction.atomic(), rescreen_rows.large_cache(sum(len(p) for p in plans.values())):
        rescreen_rows.update_clients(CHANGED_COLUMNS, changed)
        rescreen_rows.update_clients(KEPT_COLUMNS, kept)
        rescreen_rows.replace_plans(plans)
    clock.lap("write")
    version = run.knowledge[organisation.pk].version if organisation is not None else services.knowledge().version
    failures = tuple((r.pk, *run.screened[run.key_of[r.pk]].error) for r in run.failed)  # type: ignore[misc]
    return RescreenReport(scope.count() - len(failures), tuple(row[-1] for row in changed), failures, version,
                          len(run.rows), len(run.screened), len(run.planned), clock.total(), tuple(clock.laps))


class _Clock:
    """Wall time of each phase, for the report (the benchmark prints them)."""

    def __init__(self) -> None:
        self.began = self.last = time.perf_counter()
        self.laps: list[tuple[str, float]] = []

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps.append((name, now - self.last))
        self.last = now

    def total(self) -> float:
        return time.perf_counter() - self.began


class _Run:
    """One re-screen: the clinics' knowledge, the stale clients it reads, the work it does for them."""

    def __init__(self, clinics: list[int]) -> None:
        self.base = services.knowledge()
        self.policy_versions = policies.versions_in_force(clinics)
        self.knowledge = {o: _known(policies.knowledge_for(o, v)) for o, v in self.policy_versions.items()}
        self.groups: dict[tuple[str, str], list[int]] = {}
        for o in clinics:
            self.groups.setdefault((self.knowledge[o].version, self.policy_versions[o]), []).append(o)
        self.diffs: dict[tuple[int, str], PolicyDiff | None] = {}
        self.works: dict[tuple[str, PolicyDiff | None], Work] = {}
        self.rows: list[Row] = []
        self.key_of: dict[int, tuple[Work, Key]] = {}
        self.full: set[int] = set()  # clients planned again whatever their screening says
        self.screened: dict[tuple[Work, Key], Screened] = {}
        self.planned: dict[tuple[Work, Key], Planned] = {}
        self.failed: list[Row] = []

    def consider(self, row: Row, diff: PolicyDiff | None) -> None:
        """Screen this stale client unless the policy change (`diff`) provably leaves its answer as it is."""
        full = diff is None or not row.reasons_digest or not row.plan_digest  # never fully stored: all may differ
        if diff is not None and not full and not _names_any(row.text, diff):
            return  # its answer and plan hold under the policy in force: nothing to screen or write
        knowledge = self.knowledge[row.organisation_id]
        # Clinics with the same knowledge (no policy, say) share their screenings too.
        work = self.works.get((knowledge.version, diff))
        if work is None:
            work = self.works[(knowledge.version, diff)] = Work(knowledge, diff)
        if full:
            self.full.add(row.pk)
        self.rows.append(row)
        self.key_of[row.pk] = (work, (row.text, row.taken_on))

    def diff(self, versions: rescreen_rows.Versions) -> PolicyDiff | None:
        """What changed since these versions, if only the clinic's policy did; None if the knowledge did."""
        organisation_id, knowledge_version, policy_version = versions
        if knowledge_version.partition(POLICY_MARK)[0] != self.base.version:
            return None  # another knowledge base: everything may differ
        pair = (organisation_id, policy_version)
        if pair not in self.diffs:
            before = policies.knowledge_for(*pair)
            self.diffs[pair] = None if before is None else policy_diff(before, self.knowledge[organisation_id])
        return self.diffs[pair]

    def screen_and_plan(self) -> None:
        """Screen each distinct intake once, and plan it again (in the same pass) where its screening
        differs from one its clients keep, the policy change reaches its plan, or a plan is missing."""
        answers: dict[tuple[Work, Key], set[Answer]] = {}
        replan: set[tuple[Work, Key]] = set()
        for row in self.rows:
            pair = self.key_of[row.pk]
            answers.setdefault(pair, set()).add((row.verdict, row.earliest_start, row.reasons_digest))
            if row.pk in self.full:
                replan.add(pair)
        items = [(pair, Stored(frozenset(kept), pair in replan)) for pair, kept in answers.items()]
        sure = sum(stored.replan for _, stored in items)
        done = parallel_map(_screen_and_plan, items,
                            min_items=1 if sure >= PLAN_IN_PARALLEL else SCREEN_IN_PARALLEL)
        for (pair, _), (screened, planned) in zip(items, done, strict=True):
            self.screened[pair] = screened
            if planned is not None:
                self.planned[pair] = planned
        self.failed = [row for row in self.rows if self.screened[self.key_of[row.pk]].error is not None]

    def changes(self, now: Any) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], dict[int, Sequence[PlanRow]]]:
        """The changed clients' new columns, the unchanged ones' new versions (values…, pk), and the new plans."""
        changed: list[tuple[Any, ...]] = []
        kept: list[tuple[Any, ...]] = []
        plans: dict[int, Sequence[PlanRow]] = {}
        for row in self.rows:
            key = self.key_of[row.pk]
            done, planned = self.screened[key], self.planned.get(key)
            if done.error is not None:
                continue
            o = row.organisation_id
            versions = (self.knowledge[o].version, self.policy_versions[o])
            plan_digest = planned.plan_digest if planned is not None else row.plan_digest
            if not _differs(done, row) and plan_digest == row.plan_digest:
                kept.append((*versions, now, row.pk))
                continue
            changed.append((done.verdict, done.earliest_start, done.reasons_digest, plan_digest, *versions, now,
                            row.verdict, now, row.pk))
            if planned is not None and plan_digest != row.plan_digest:
                plans[row.pk] = planned.rows
        return changed, kept, plans


def _screen_and_plan(part: Sequence[tuple[tuple[Work, Key], Stored]]) -> list[tuple[Screened, Planned | None]]:
    return [work.screen_one(key, stored) for (work, key), stored in part]


def _differs(done: Screened, row: Row) -> bool:
    return (done.verdict, done.earliest_start, done.reasons_digest) != (row.verdict, row.earliest_start,
                                                                        row.reasons_digest)


@functools.lru_cache(maxsize=64)
def _words(diff: PolicyDiff) -> frozenset[str]:
    """The ids a stored intake names if the policy change may reach it.

    Every id an intake names appears in its JSON as a quoted string, so a text without any
    of them cannot be reached; a false alarm only costs a screening. `pregnancy` is also
    named by `person.pregnant`.
    """
    words = set(diff.factors) | {zone for zone, _ in diff.bands}
    if "pregnancy" in words:
        words.add("pregnant")
    return frozenset(words)


def _names_any(text: str, diff: PolicyDiff) -> bool:
    """`_words` checked again here: the database's search may ignore case (SQLite's LIKE does)."""
    return any(f'"{word}"' in text for word in _words(diff))


def _known(knowledge: Knowledge | None) -> Knowledge:
    assert knowledge is not None, "a clinic's policy in force is stored"
    return knowledge
