"""Screening many distinct intakes on the free cores: the process pool behind the bulk re-screen.

The core (`core.rescreen`) screens one intake at a time; here the distinct intakes are split
between the parent and forked children. A forked child already holds the knowledge base
and the intakes (copy-on-write), so nothing is sent to it but its share's bounds, and only
the short results come back (the summaries packed in columns). Below `PARALLEL_MIN` items,
or where `fork` is missing, the parent does it all: starting a child costs more than it saves.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any, TypeVar

from mesoplan.core.intake import Intake
from mesoplan.core.knowledge import Knowledge
from mesoplan.core.rescreen import K, Rescreen, Summary, changes, distinct_intakes, summarise_all

PARALLEL_MIN = 20_000  # distinct intakes; below this one process is faster (measured: bench/rescreen.py)
# Each process takes whole runs of this many neighbouring items, dealt in turn (see `parallel_map`).
RUN = 256
T = TypeVar("T")
R = TypeVar("R")
Pack = tuple[Callable[[list[Any]], Any], Callable[[Any], list[Any]]]
_JOB: tuple[Callable[[Sequence[Any]], list[Any]], Sequence[Any], Pack | None] | None = None  # set just before forking


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def free_cores() -> int:
    """The cores this process may run on that other processes leave free (at least this one's).

    A second process pays only on an idle core: on a busy machine it competes with the
    others for the same cores and the whole takes longer (measured: bench/rescreen.py).
    The load average counts this process, which is busy while it asks.
    """
    try:
        others = max(0, round(os.getloadavg()[0]) - 1)
    except OSError:  # the load average is unavailable
        others = 0
    return max(1, cores() - others)


def rescreen_many(clients: Iterable[tuple[K, Intake, str]], knowledge: Knowledge,
                  processes: int | None = None) -> Rescreen[K]:
    """`core.rescreen.rescreen`, its distinct intakes screened on `processes` cores (default: the free ones)."""
    with _no_gc():
        listed, distinct = distinct_intakes(clients)
        summaries = summarise_many(distinct, knowledge, processes)
        return Rescreen(len(listed), len(distinct), changes(listed, distinct, summaries))


def summarise_many(intakes: Sequence[Intake], knowledge: Knowledge, processes: int | None = None) -> list[Summary]:
    """Screen and summarise each intake, in order, on `processes` cores (default: the free ones)."""
    return parallel_map(lambda part: summarise_all(part, knowledge), intakes, processes,
                        pack=(_pack_summaries, _unpack_summaries))


def parallel_map(work: Callable[[Sequence[T]], list[R]], items: Sequence[T], processes: int | None = None,
                 min_items: int | None = None, pack: Pack | None = None) -> list[R]:
    """`work` over shares of `items` in forked processes; the results in the order of `items`.

    `work` takes a list of items and returns one result per item. It runs in children forked
    from this process, so it may use anything this process holds (a closure is fine): nothing
    is pickled on the way in, only the results on the way back. `pack`, a pair of functions,
    turns a child's results into something cheaper to pickle, and back again.
    """
    wanted = free_cores() if processes is None else processes
    fewest = PARALLEL_MIN if min_items is None else min_items
    # Forking a process that runs other threads (a threaded web worker) could leave the child
    # waiting on a lock one of them held: with other threads alive, stay in this process.
    if (wanted < 2 or len(items) < fewest or threading.active_count() > 1
            or "fork" not in multiprocessing.get_all_start_methods()):
        with _no_gc():
            return work(items)
    # Each process takes runs of RUN neighbouring items, the runs dealt in turn. Reading an
    # object writes to it (its reference count), and after the fork every page written costs
    # a page fault (and a copy while both processes hold it). Neighbouring items were mostly
    # made together and share pages, so whole runs keep each process to its own share of the
    # pages; taking every other item, each process wrote to nearly all of them. Measured on
    # bench/rescreen.py's 78 262 distinct intakes, page faults in the child: ~75 000 with every
    # other item, ~39 000 with runs of 256, ~38 000 with two halves, ~43 000 with runs of 64.
    # Dealing the runs in turn still balances the work when a stretch of items costs more
    # than the rest (one clinic's clients, say, who all need a new plan: ~1 ms each instead
    # of ~40 µs to screen), which halves would not.
    shares = [_runs(len(items), wanted, k) for k in range(wanted)]
    global _JOB
    _JOB = (work, items, pack)
    try:
        with multiprocessing.get_context("fork").Pool(wanted - 1) as pool:
            pending = pool.map_async(_run_share, shares[1:], chunksize=1)
            mine = _work_on(work, items, shares[0])
            theirs = pending.get()
    finally:
        _JOB = None
    if pack is not None:
        theirs = [pack[1](packed) for packed in theirs]
    out: list[Any] = [None] * len(items)
    for runs, part in zip(shares, [mine, *theirs], strict=True):
        done = 0
        for first, end in runs:
            out[first:end] = part[done:done + end - first]
            done += end - first
    return out


def _runs(count: int, processes: int, k: int) -> list[tuple[int, int]]:
    # The bounds of the k-th process's runs: the k-th, (k + processes)-th… of RUN items each
    # (fewer when there are not RUN items for each process).
    size = max(1, min(RUN, -(-count // processes)))
    return [(first, min(first + size, count)) for first in range(k * size, count, processes * size)]


def _run_share(runs: list[tuple[int, int]]) -> Any:
    assert _JOB is not None, "set before the pool forks"
    work, items, pack = _JOB
    done = _work_on(work, items, runs)
    return done if pack is None else pack[0](done)


def _work_on(work: Callable[[Sequence[Any]], list[Any]], items: Sequence[Any],
             runs: list[tuple[int, int]]) -> list[Any]:
    share: list[Any] = []
    for first, end in runs:
        share += items[first:end]
    with _no_gc():
        return work(share)


# A child's summaries go back as three columns: the verdicts, the day numbers of the earliest
# starts (0 for none) and the digests end to end. Pickling the summaries themselves cost
# some 3 µs each in the child (a class and a date per summary), this some 0.2 µs.
def _pack_summaries(summaries: list[Summary]) -> tuple[list[str], list[int], str]:
    return ([s.verdict for s in summaries], [0 if s.earliest_start is None else s.earliest_start.toordinal()
                                             for s in summaries], "".join([s.digest for s in summaries]))


def _unpack_summaries(packed: tuple[list[str], list[int], str]) -> list[Summary]:
    verdicts, days, digests = packed
    if not verdicts:
        return []
    size = len(digests) // len(verdicts)
    day_of: dict[int, date | None] = {0: None}  # one date per day, as a screening shares them
    out = []
    for verdict, day, at in zip(verdicts, days, range(0, len(digests), size), strict=True):
        earliest = day_of.get(day)
        if earliest is None and day:
            earliest = day_of[day] = date.fromordinal(day)
        out.append(_tuple_new(Summary, (verdict, earliest, digests[at:at + size])))
    return out


_tuple_new = tuple.__new__  # a NamedTuple without its generated __new__ (in Python): fields in order


@contextmanager
def _no_gc() -> Iterator[None]:
    # Screening makes no reference cycles, but it allocates enough for the collector to
    # scan every live intake again and again: off while screening, back on after.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
