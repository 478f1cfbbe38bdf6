"""The process pool of the bulk re-screen gives the same summaries as one process, in the same order."""

from __future__ import annotations

import gc
import random
import subprocess
import sys

import pytest

from mesoplan import rescreen_pool
from mesoplan.core.intake import Intake
from mesoplan.core.intake_parser import IntakeParser
from mesoplan.core.rescreen import summarise_all
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


def test_two_processes_give_the_summaries_of_one_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forked workers screen interleaved slices; the parent puts them back in order."""
    monkeypatch.setattr(rescreen_pool, "PARALLEL_MIN", 0)
    intakes = varied_intakes(101)
    assert rescreen_pool.summarise_many(intakes, KB, processes=2) == summarise_all(intakes, KB)


def test_few_intakes_stay_in_one_process() -> None:
    """Below the threshold no worker is started, and the answer is the same."""
    intakes = varied_intakes(5)
    assert rescreen_pool.summarise_many(intakes, KB, processes=2) == summarise_all(intakes, KB)


def test_the_collector_is_left_as_it_was() -> None:
    """Screening turns the garbage collector off only while it runs."""
    assert gc.isenabled()
    rescreen_pool.summarise_many(varied_intakes(3), KB)
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
    assert result.stdout.split() == ["True", "2"]
