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

Clients are read by id in batches of `WRITE_BATCH` (keyset: `id > last`, one indexed query
a batch, never a long-held cursor), screened, and written in one short transaction per batch
(decision 7), so memory and locks stay those of one batch whatever the clinic's size. A batch
written moves its clients to the versions in force, and the `Journal` (the job's run) records,
inside the same transaction, the last client id it reached: a re-screen stopped half-way and
started again goes on after that id (and would read only the clients not yet written anyway),
and ends with the same rows as one that never stopped.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
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
WRITE_BATCH = 5000  # clients read, screened and written per transaction
KEPT_INTAKES = 200_000  # distinct intakes whose screening and plan are kept from one batch to the next
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


def rescreen_all(organisation: Organisation | None = None, journal: Journal | None = None,
                 after: int = 0) -> RescreenReport:
    """Screen and plan every client with an intake again (of one clinic, or of all).

    A client whose verdict, earliest start, reasons or plan differ gets `previous_verdict`
    and `changed_at` (now) and a new stored plan; one screened again whose answer is the
    same only gets the new versions. A client that a policy change provably does not reach
    (its intake names none of the rules or zones it changed) is neither screened nor
    written: it keeps the versions its answer was made with, which give the same answer.
    A stored intake that no longer parses (the vocabulary changed) is reported, and its
    client left as it was. Clients are read, screened and written `WRITE_BATCH` at a time by
    id, each batch in its own transaction (see the module's docstring), from the client id
    `after` on (where a stopped run of one clinic got to); the report counts what this call did.
    """
    clock = _Clock()
    now = timezone.now()
    scope = rescreen_rows.with_intake(organisation)
    clinics = [organisation.pk] if organisation is not None else sorted(
        set(scope.order_by().values_list("organisation_id", flat=True)))
    run = _Run(clinics)
    streams = [(o, rescreen_rows.stale(scope, run.selections(scope, o))) for o in clinics]
    clock.lap("read")
    if journal is not None:
        journal.screened(sum(listed.filter(pk__gt=after).count() for _, listed in streams))
    gone_through, size = 0, batch_size()
    for _organisation_id, listed in streams:
        reached = after if organisation is not None else 0
        while rows := rescreen_rows.batch_after(listed, reached, size):
            clock.lap("read")
            writes = run.batch(rows, now)
            clock.lap("screen and plan")
            reached, gone_through = rows[-1].pk, gone_through + len(rows)
            _write_batch(writes, journal, gone_through, reached)
            clock.lap("write")
    version = run.knowledge[organisation.pk].version if organisation is not None else services.knowledge().version
    return RescreenReport(scope.count() - len(run.failures), tuple(run.changed), tuple(run.failures), version,
                          run.considered, run.distinct, run.plans_made, clock.total(), tuple(clock.laps.items()))


def batch_size() -> int:
    """Clients per transaction: the installation's `MESOPLAN_RESCREEN_BATCH`, else `WRITE_BATCH`."""
    return int(getattr(settings, "MESOPLAN_RESCREEN_BATCH", 0) or WRITE_BATCH)


def _write_batch(batch: Sequence[_Write], journal: Journal | None, gone_through: int, reached: int) -> None:
    """Write one batch of clients in its own transaction, the journal's record of it included: that
    `gone_through` clients are done, up to the client id `reached`."""
    plans = {w.values[-1]: w.plan for w in batch if w.plan is not None}
    with transaction.atomic(), rescreen_rows.large_cache(sum(len(p) for p in plans.values())):
        if journal is not None:
            journal.writing([w.change for w in batch if w.change is not None], gone_through, reached)
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
        self.laps: dict[str, float] = {}  # each phase's time over every batch

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = self.laps.get(name, 0.0) + now - self.last
        self.last = now

    def total(self) -> float:
        return time.perf_counter() - self.began


class _Run:
    """One re-screen: the clinics' knowledge, and the work it does for the stale clients of each batch.

    Screenings and plans are kept from batch to batch (up to `KEPT_INTAKES` distinct intakes), so
    clients who share an intake are screened once however far apart their ids are."""

    def __init__(self, clinics: list[int]) -> None:
        self.base = services.knowledge()
        self.policy_versions = policies.versions_in_force(clinics)
        self.knowledge = {o: _known(policies.knowledge_for(o, v)) for o, v in self.policy_versions.items()}
        self.diffs: dict[tuple[int, str], PolicyDiff | None] = {}
        self.works: dict[tuple[str, PolicyDiff | None], Work] = {}
        self.screened: dict[tuple[Work, Key], Screened] = {}
        self.planned: dict[tuple[Work, Key], Planned] = {}
        self.considered = self.distinct = self.plans_made = 0
        self.changed: list[int] = []
        self.failures: list[tuple[int, str, str]] = []

    def selections(self, scope: Any, organisation_id: int) -> list[rescreen_rows.Selection]:
        """The clinic's stale versions, each with the words a client's intake must name to be read
        (None: the knowledge changed, every such client is read)."""
        in_force = (self.knowledge[organisation_id].version, self.policy_versions[organisation_id])
        out: list[rescreen_rows.Selection] = []
        for versions in rescreen_rows.stale_versions(scope, [organisation_id], in_force):
            diff = self.diff(versions)
            # A change of spacing may move any client's plan: every one is read.
            out.append((versions, None if diff is None or diff.spacing else _words(diff)))
        return out

    def batch(self, rows: Sequence[Row], now: Any) -> list[_Write]:
        """Screen and plan one batch of stale clients; what to write for them."""
        considered: list[Row] = []
        key_of: dict[int, tuple[Work, Key]] = {}
        full: set[int] = set()  # clients planned again whatever their screening says
        for row in rows:
            diff = self.diff((row.organisation_id, row.knowledge_version, row.policy_version))
            whole = diff is None or not row.reasons_digest or not row.plan_digest  # never fully stored: all may differ
            if diff is not None and not whole and not diff.spacing and not _names_any(row.text, diff):
                continue  # its answer and plan hold under the policy in force: nothing to screen or write
            knowledge = self.knowledge[row.organisation_id]
            # Clinics with the same knowledge (no policy, say) share their screenings too.
            work = self.works.get((knowledge.version, diff))
            if work is None:
                work = self.works[(knowledge.version, diff)] = Work(knowledge, diff)
            if whole:
                full.add(row.pk)
            considered.append(row)
            key_of[row.pk] = (work, (row.text, row.taken_on, row.protocol))
        self.considered += len(considered)
        self._screen_and_plan(considered, key_of, full)
        writes = self._changes(considered, key_of, now)
        for row in considered:
            error = self.screened[key_of[row.pk]].error
            if error is not None:
                self.failures.append((row.pk, *error))
        self.changed += [w.change.client_id for w in writes if w.change is not None]
        if len(self.screened) > KEPT_INTAKES:  # memory stays bounded however many distinct intakes
            self.screened.clear()
            self.planned.clear()
        return writes

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

    def _screen_and_plan(self, rows: Sequence[Row], key_of: dict[int, tuple[Work, Key]], full: set[int]) -> None:
        """Screen each distinct intake once, and plan it again (in the same pass) where its screening
        differs from one its clients keep, the policy change reaches its plan, or a plan is missing.
        An intake screened in an earlier batch is done again only if this batch needs what that
        pass did not make (the reasons' texts, or the plan)."""
        answers: dict[tuple[Work, Key], set[Answer]] = {}
        replan: set[tuple[Work, Key]] = set()
        for row in rows:
            pair = key_of[row.pk]
            answers.setdefault(pair, set()).add((row.verdict, row.earliest_start, row.reasons_digest))
            if row.pk in full:
                replan.add(pair)
        items = [(pair, Stored(frozenset(kept), pair in replan)) for pair, kept in answers.items()
                 if self._needs_work(pair, Stored(frozenset(kept), pair in replan))]
        sure = sum(stored.replan for _, stored in items)
        done = parallel_map(_screen_and_plan, items,
                            min_items=1 if sure >= PLAN_IN_PARALLEL else SCREEN_IN_PARALLEL)
        for (pair, _), (screened, planned) in zip(items, done, strict=True):
            self.distinct += pair not in self.screened
            self.screened[pair] = screened
            if planned is not None:
                self.planned[pair] = planned
                self.plans_made += 1

    def _needs_work(self, pair: tuple[Work, Key], stored: Stored) -> bool:
        done = self.screened.get(pair)
        if done is None:
            return True
        if done.error is not None:
            return False
        differs = any(a != done[:3] for a in stored.answers)
        if differs and done.reasons is None:
            return True  # the texts of its reasons were not made: no client of an earlier batch needed them
        return pair not in self.planned and (stored.replan or done.touches_plan or differs)

    def _changes(self, rows: Sequence[Row], key_of: dict[int, tuple[Work, Key]], now: Any) -> list[_Write]:
        """Per client to write, in the order read: the changed clients' new columns (values…, pk), with
        their change, new reasons and new plan, or the unchanged ones' new versions."""
        out: list[_Write] = []
        for row in rows:
            key = key_of[row.pk]
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
