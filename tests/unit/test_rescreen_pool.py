"""The process pool of the bulk re-screen gives the same answers as one process, in the same order.

Nothing here depends on the machine's speed or load: which pool worker takes which share is up to the
scheduler (a busy machine once left one child doing both shares of three processes, and a test that
counted three processes failed), so the tests assert what the pool promises (each share done whole,
by the parent or one child; the answers in order), never how many children happened to work."""

from __future__ import annotations

import gc
import json
import os
import random
import subprocess
import sys
from collections.abc import Sequence

import pytest

from mesoplan import rescreen_pool
from mesoplan.core.intake import Intake
from mesoplan.core.intake_parser import IntakeParser
from mesoplan.core.screening import ScreeningResult, screen
from strategies import KB

PARSER = IntakeParser(KB)


def varied_intakes(count: int) -> list[Intake]:
    """Intakes with different zones, settings and start dates, from a seeded generator."""
    rnd = random.Random(3)
    zones = sorted(KB.zones)
    out = []
    for n in range(count):
        setting = rnd.choice(["home", "clinic"])
        out.append(PARSER.parse({
            "setting": setting, "start": f"2026-12-{1 + n % 28:02d}", "zones": rnd.sample(zones, rnd.randint(1, 4)),
            "medications": [{"id": "isotretinoin", "stopped": f"2026-{1 + n % 12:02d}-15"}] if n % 3 else [],
            "device": {"kind": "derma_pen", "needle_mm": rnd.choice([0.25, 0.5, 1.0])} if n % 4 == 0 else None,
        }))
    return out


def screen_all(intakes: Sequence[Intake]) -> list[ScreeningResult]:
    return [screen(intake, KB) for intake in intakes]


def test_two_processes_give_the_answers_of_one_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forked workers screen runs of neighbouring intakes; the parent puts them back in order."""
    monkeypatch.setattr(rescreen_pool, "PARALLEL_MIN", 0)
    monkeypatch.setattr(rescreen_pool, "RUN", 8)
    intakes = varied_intakes(101)
    assert rescreen_pool.parallel_map(screen_all, intakes, processes=2) == screen_all(intakes)


def test_few_items_stay_in_one_process() -> None:
    """Below the threshold no worker is started, and the answer is the same."""
    intakes = varied_intakes(5)
    done = rescreen_pool.parallel_map(lambda part: [(screen(i, KB), os.getpid()) for i in part], intakes, 2)
    assert [answer for answer, _ in done] == screen_all(intakes)
    assert {pid for _, pid in done} == {os.getpid()}


def test_the_collector_is_left_as_it_was() -> None:
    """The collector is off only while the work runs."""
    assert gc.isenabled()
    assert rescreen_pool.parallel_map(lambda part: [gc.isenabled() for _ in part], [1, 2, 3]) == [False] * 3
    assert gc.isenabled()


def test_the_work_is_shared_with_a_forked_process() -> None:
    """Two processes: half the items are done in a child, and the results come back in order.

    Run in a fresh interpreter: the pool rightly stays in one process while other threads
    are alive, and earlier tests in this process (live servers, the browser) leave some.
    """
    code = (
        "import os\n"
        "from mesoplan import rescreen_pool\n"
        "done = rescreen_pool.parallel_map(lambda part: [(i, os.getpid()) for i in part], list(range(10)), 2,"
        " min_items=0)\n"
        "print([i for i, _ in done] == list(range(10)), len({pid for _, pid in done}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "2"]  # one child in the pool: it takes the one other share


def test_with_three_processes_the_parent_does_its_share_and_each_other_share_is_done_whole_in_a_child() -> None:
    """The two other shares go to a pool of two children; whether one child or both take them is the
    scheduler's choice (on a busy machine the first child to start often takes both), so that is not
    asserted: only that each share is done whole, outside the parent, and the answers come back in order."""
    code = (
        "import json, os\n"
        "from mesoplan import rescreen_pool\n"
        "done = rescreen_pool.parallel_map(lambda part: [(i, os.getpid()) for i in part], list(range(30)), 3,"
        " min_items=0)\n"
        "print(json.dumps({'parent': os.getpid(), 'done': done}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    items, pids = zip(*answer["done"], strict=True)
    assert list(items) == list(range(30))
    shares = [set(pids[first:first + 10]) for first in (0, 10, 20)]  # three runs of 10 (`_runs`)
    assert shares[0] == {answer["parent"]}
    for share in shares[1:]:
        assert len(share) == 1 and answer["parent"] not in share


def test_each_process_takes_whole_runs_dealt_in_turn() -> None:
    """Runs of RUN neighbouring items, dealt in turn, cover every item once; few items make shorter runs."""
    for count in (0, 1, 10, 2 * rescreen_pool.RUN + 1, 78_262):
        for processes in (2, 3):
            shares = [rescreen_pool._runs(count, processes, k) for k in range(processes)]
            assert sorted(i for runs in shares for first, end in runs for i in range(first, end)) == list(range(count))
    assert [rescreen_pool._runs(10, 2, k) for k in (0, 1)] == [[(0, 5)], [(5, 10)]]
    run = rescreen_pool.RUN
    assert rescreen_pool._runs(5 * run, 2, 1) == [(run, 2 * run), (3 * run, 4 * run)]
