"""The bulk re-screen: every client's intake screened and planned again, after the knowledge base or a
clinic's policy changed, and the clients whose verdict, reasons or plan changed marked for the dashboard.

`rescreen_all` is the one entry point (the background job, `clinic.rescreen_jobs`, and
`mesoplan rescreen` call it); keep its signature and its report stable.

How it stays fast (docs/screening.md, "The bulk re-screen"): a client already screened with
the knowledge and policy in force is not read at all; after a policy change on the same
knowledge base, only clients whose intake names a rule or zone the change touched are
screened (the others' answers cannot differ, and they are not written); each distinct
stored intake is screened once, on every core; a plan is made again only where the
screening or the policy change reaches it; and only what changed is written, with one
executemany per kind of change.

The writes commit in batches of `WRITE_BATCH` clients (decision 7: long jobs in short
transactions). A batch written moves its clients to the versions in force, so a re-screen
stopped half-way and started again reads only the clients not yet written, and ends with
the same rows as one that never stopped. A `Journal` (the job's run) is told of each batch
inside its transaction.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from mesoplan import services
from mesoplan.core.knowledge import Knowledge
from mesoplan.core.policy import POLICY_MARK
from mesoplan.core.rescreen import PolicyDiff, policy_diff
from mesoplan.rescreen_pool import parallel_map
from mesoplan.web.clinic import message_signals, policies, rescreen_rows
from mesoplan.web.clinic.models import Organisation
from mesoplan.web.clinic.rescreen_report import Change, Journal, RescreenReport
from mesoplan.web.clinic.rescreen_rows import Row
from mesoplan.web.clinic.rescreen_work import Answer, Key, Planned, PlanRow, Screened, Stored, Work

CHANGED_COLUMNS = ("verdict", "earliest_start", "reasons_digest", "plan_digest", "knowledge_version", "policy_version",
                   "screened_at", "previous_verdict", "changed_at")
KEPT_COLUMNS = ("knowledge_version", "policy_version", "screened_at")
REASON_COLUMNS = ("reasons",)
WRITE_BATCH = 2000  # clients written per transaction
# From how many distinct intakes a second process pays for its start (about 30 ms): reading and
# screening one stored intake takes some 40 µs, planning one about a millisecond. Which intakes
# need a plan is known only once screened, except those that need one whatever the answer.
SCREEN_IN_PARALLEL = 4000
PLAN_IN_PARALLEL = 200


@dataclass
class _Write:
    """One client row to write: changed (with `change`) or kept under the new versions."""

    values: tuple[Any, ...]
    change: Change | None = None
    reasons: tuple[dict[str, Any], ...] | None = None
    plan: Sequence[PlanRow] | None = None


def rescreen_all(organisation: Organisation | None = None, journal: Journal | None = None) -> RescreenReport:
    """Screen and plan every client with an intake again (of one clinic, or of all).

    A client whose verdict, earliest start, reasons or plan differ gets `previous_verdict`
    and `changed_at` (now) and a new stored plan; one screened again whose answer is the
    same only gets the new versions. A client that a policy change provably does not reach
    (its intake names none of the rules or zones it changed) is neither screened nor
    written: it keeps the versions its answer was made with, which give the same answer.
    A stored intake that no longer parses (the vocabulary changed) is reported, and its
    client left as it was. The writes commit in batches (see the module's docstring); the
    report counts what this call wrote.
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
    writes = run.changes(now)
    if journal is not None:
        journal.screened(len(writes))
    for first in range(0, len(writes), WRITE_BATCH):
        _write_batch(writes[first:first + WRITE_BATCH], journal, first)
    clock.lap("write")
    version = run.knowledge[organisation.pk].version if organisation is not None else services.knowledge().version
    failures = tuple((r.pk, *run.screened[run.key_of[r.pk]].error) for r in run.failed)  # type: ignore[misc]
    changed = tuple(w.change.client_id for w in writes if w.change is not None)
    return RescreenReport(scope.count() - len(failures), changed, failures, version,
                          len(run.rows), len(run.screened), len(run.planned), clock.total(), tuple(clock.laps))


def _write_batch(batch: Sequence[_Write], journal: Journal | None, before: int) -> None:
    """Write one batch of clients in its own transaction, the journal's record of it included."""
    plans = {w.values[-1]: w.plan for w in batch if w.plan is not None}
    with transaction.atomic(), rescreen_rows.large_cache(sum(len(p) for p in plans.values())):
        if journal is not None:
            journal.writing([w.change for w in batch if w.change is not None], before + len(batch))
        rescreen_rows.update_clients(CHANGED_COLUMNS, [w.values for w in batch if w.change is not None])
        rescreen_rows.update_clients(KEPT_COLUMNS, [w.values for w in batch if w.change is None])
        rescreen_rows.update_clients(REASON_COLUMNS, [(list(w.reasons), w.values[-1]) for w in batch
                                                      if w.reasons is not None])
        rescreen_rows.replace_plans(plans)
        # an answer that changed may leave a booking before the earliest start: its reminder goes
        message_signals.requeue_later(w.change.client_id for w in batch if w.change is not None)


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
        self.key_of[row.pk] = (work, (row.text, row.taken_on, row.protocol))

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

    def changes(self, now: Any) -> list[_Write]:
        """Per client to write, in the order read: the changed clients' new columns (values…, pk), with
        their change, new reasons and new plan, or the unchanged ones' new versions."""
        out: list[_Write] = []
        for row in self.rows:
            key = self.key_of[row.pk]
            done, planned = self.screened[key], self.planned.get(key)
            if done.error is not None:
                continue
            o = row.organisation_id
            versions = (self.knowledge[o].version, self.policy_versions[o])
            plan_digest = planned.plan_digest if planned is not None else row.plan_digest
            if not _differs(done, row) and plan_digest == row.plan_digest:
                out.append(_Write((*versions, now, row.pk)))
                continue
            reasons_changed = done.reasons_digest != row.reasons_digest
            reasons = done.reasons if reasons_changed else None
            change = Change(row.pk, row.verdict, done.verdict, row.earliest_start, done.earliest_start,
                            reasons_changed, reasons, plan_digest != row.plan_digest)
            new_plan = planned.rows if planned is not None and plan_digest != row.plan_digest else None
            out.append(_Write((done.verdict, done.earliest_start, done.reasons_digest, plan_digest, *versions, now,
                               row.verdict, now, row.pk), change, reasons, new_plan))
        return out


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
