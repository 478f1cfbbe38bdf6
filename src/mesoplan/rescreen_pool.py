"""Work on many items on the free cores: the process pool behind the bulk re-screen.

The re-screen (`web.clinic.rescreen`) screens and plans its distinct stored intakes with
`parallel_map`: they are split between the parent and forked children. A forked child already
holds the knowledge base and the items (copy-on-write), so nothing is sent to it but its
share's bounds, and only the short results come back. Below a minimum of items, or where
`fork` is missing, the parent does it all: starting a child costs more than it saves.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

PARALLEL_MIN = 20_000  # items, unless the caller says; below this one process was faster at screening
# Each process takes whole runs of this many neighbouring items, dealt in turn (see `parallel_map`).
RUN = 256
T = TypeVar("T")
R = TypeVar("R")
_JOB: tuple[Callable[[Sequence[Any]], list[Any]], Sequence[Any]] | None = None  # set just before forking


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def free_cores() -> int:
    """The cores this process may run on that other processes leave free (at least this one's).

    A second process pays only on an idle core: on a busy machine it competes with the
    others for the same cores and the whole takes longer (measured with the in-memory re-screen
    benchmark this project had until issue 9).
    The load average counts this process, which is busy while it asks.
    """
    try:
        others = max(0, round(os.getloadavg()[0]) - 1)
    except OSError:  # the load average is unavailable
        others = 0
    return max(1, cores() - others)


def parallel_map(work: Callable[[Sequence[T]], list[R]], items: Sequence[T], processes: int | None = None,
                 min_items: int | None = None) -> list[R]:
    """`work` over shares of `items` in forked processes; the results in the order of `items`.

    `work` takes a list of items and returns one result per item. It runs in children forked
    from this process, so it may use anything this process holds (a closure is fine): nothing
    is pickled on the way in, only the results on the way back.
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
    # pages; taking every other item, each process wrote to nearly all of them. Measured on the
    # 78 262 distinct intakes of the in-memory benchmark (removed in issue 9), page faults in the
    # child: ~75 000 with every other item, ~39 000 with runs of 256, ~38 000 with two halves,
    # ~43 000 with runs of 64.
    # Dealing the runs in turn still balances the work when a stretch of items costs more
    # than the rest (one clinic's clients, say, who all need a new plan: ~1 ms each instead
    # of ~40 µs to screen), which halves would not.
    shares = [_runs(len(items), wanted, k) for k in range(wanted)]
    global _JOB
    _JOB = (work, items)
    try:
        with multiprocessing.get_context("fork").Pool(wanted - 1) as pool:
            pending = pool.map_async(_run_share, shares[1:], chunksize=1)
            mine = _work_on(work, items, shares[0])
            theirs = pending.get()
    finally:
        _JOB = None
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
    work, items = _JOB
    return _work_on(work, items, runs)


def _work_on(work: Callable[[Sequence[Any]], list[Any]], items: Sequence[Any],
             runs: list[tuple[int, int]]) -> list[Any]:
    share: list[Any] = []
    for first, end in runs:
        share += items[first:end]
    with _no_gc():
        return work(share)


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
