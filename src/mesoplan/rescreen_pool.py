"""Screening many distinct intakes on the free cores: the process pool behind the bulk re-screen.

The core (`core.rescreen`) screens one intake at a time; here the distinct intakes are split
between the parent and forked children. A forked child already holds the knowledge base
and the intakes (copy-on-write), so nothing is sent to it but a slice's bounds, and only
the short results come back. Below `PARALLEL_MIN` items, or where `fork` is missing, the
parent does it all: starting a child costs more than it saves.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from mesoplan.core.intake import Intake
from mesoplan.core.knowledge import Knowledge
from mesoplan.core.rescreen import K, Rescreen, Summary, changes, distinct_intakes, summarise_all

PARALLEL_MIN = 20_000  # distinct intakes; below this one process is faster (measured: bench/rescreen.py)
_JOB: tuple[Callable[[Sequence[Any]], list[Any]], Sequence[Any]] | None = None  # set just before forking
T = TypeVar("T")
R = TypeVar("R")


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
    return parallel_map(lambda part: summarise_all(part, knowledge), intakes, processes)


def parallel_map(work: Callable[[Sequence[T]], list[R]], items: Sequence[T], processes: int | None = None,
                 min_items: int | None = None) -> list[R]:
    """`work` over interleaved slices of `items` in forked processes; the results in the order of `items`.

    `work` takes a slice and returns one result per item. It runs in children forked from
    this process, so it may use anything this process holds (a closure is fine): nothing
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
    global _JOB
    _JOB = (work, items)
    try:
        # Interleaved slices balance the work when similar items sit together.
        slices = [(k, wanted) for k in range(wanted)]
        with multiprocessing.get_context("fork").Pool(wanted - 1) as pool:
            pending = pool.map_async(_run_slice, slices[1:])
            mine = _run_slice(slices[0])
            theirs = pending.get()
    finally:
        _JOB = None
    out: list[Any] = [None] * len(items)
    for (first, step), part in zip(slices, [mine, *theirs], strict=True):
        out[first::step] = part
    return out


def _run_slice(bounds: tuple[int, int]) -> list[Any]:
    assert _JOB is not None, "set before the pool forks"
    work, items = _JOB
    first, step = bounds
    with _no_gc():
        return work(items[first::step])


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
