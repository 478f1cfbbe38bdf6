"""mesoplan benchmarks: prints each figure next to its target (`make bench`).

Targets live here, never in timed tests. Exits 1 if a target is missed, so a
regression is visible, but the test suite does not depend on this machine's speed.
Each figure is printed with a calibration measured in the same run (decisions.md, item 13),
so that a slow day shows as such.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
import timeit
from collections.abc import Callable
from pathlib import Path

import api
import clinic_pages
import diary_pages
import pdf_export
import rescreen
import slow_clients
import yaml

ROOT = Path(__file__).resolve().parents[1]
INTAKE = ROOT / "bench" / "realistic-intake.yaml"
CLI = Path(sys.executable).with_name("mesoplan")


def screening_median_us() -> float:
    """Median time of one in-process screening of the realistic intake, in µs."""
    from mesoplan.core.intake_parser import IntakeParser
    from mesoplan.core.screening import screen
    from mesoplan.knowledge_loader import load_knowledge

    kb = load_knowledge()
    intake = IntakeParser(kb).parse(yaml.safe_load(INTAKE.read_text()))
    runs = 5000
    samples, loop = [], []
    for _ in range(15):  # alternating, so that other work on the machine slows both alike
        samples.append(timeit.timeit(lambda: screen(intake, kb), number=runs))
        loop.append(timeit.timeit(_fixed_loop, number=runs))
    loop_us = statistics.median(loop) / runs * 1e6
    print(f"  calibration: a fixed pure-Python loop (the sum of 200 squares) {loop_us:.1f} µs in the same run")
    return statistics.median(samples) / runs * 1e6


def _fixed_loop() -> int:
    return sum([i * i for i in range(200)])


def cli_cold_start_median_s() -> float:
    """Median wall time of `mesoplan screen INTAKE --json` as a new process, in s."""
    samples, bare = [], []
    for _ in range(11):
        samples.append(_wall([str(CLI), "screen", str(INTAKE), "--json"]))
        bare.append(_wall([sys.executable, "-c", "pass"]))
    print(f"  calibration: the interpreter alone (`python -c pass`) {statistics.median(bare):.3f} s in the same run")
    return statistics.median(samples)


def _wall(command: list[str]) -> float:
    began = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - began


BENCHMARKS: list[tuple[str, Callable[[], float], float, str]] = [
    ("screening, realistic intake, in-process (median)", screening_median_us, 25.0, "µs"),
    ("mesoplan screen, cold start (median)", cli_cold_start_median_s, 0.5, "s"),
    ("re-screen job, 100 000 clients on SQLite, end to end (median)", rescreen.job_seconds, 2.0, "s"),
    ("API: /api/screen throughput, share of /api/health's", api.screen_share_of_health_percent, 60, "%"),
    ("API: /api/screen p99 latency, 32 connections", api.screen_p99_ms, 30.0, "ms"),
    ("answer page (form posted, answer rendered), × /api/health", api.answer_page_multiple_of_health, 25.0, "×"),
    ("slow clients: /api/health answered during 500 trickling, 30 s", slow_clients.answered_percent, 100, "%"),
    ("slow clients: /api/health p99 during them", slow_clients.p99_ms, 1000.0, "ms"),
    ("diary pages with 400 entries, the dearest, × /api/health", diary_pages.worst_with_400_entries, 15.0, "×"),
    ("diary pages, 400 entries ÷ an empty diary, the largest", diary_pages.worst_growth_from_empty, 1.5, "×"),
    ("clinic pages with 50 000 clients (list, client, dashboard), the dearest, × /api/health", clinic_pages.worst,
     20.0, "×"),
    ("plan PDF (realistic plan, tagged), × a one-page WeasyPrint document", pdf_export.pdf_multiple_of_one_page,
     5.0, "×"),
]
HIGHER_IS_BETTER = {"%"}  # shares; every other figure is a time, or a time as a multiple of another


def main() -> int:
    missed = 0
    for name, measure, target, unit in BENCHMARKS:
        value = measure()
        higher = unit in HIGHER_IS_BETTER
        ok = value >= target if higher else value <= target
        missed += not ok
        print(f"{name:64} {value:10.3f} {unit:3} target {'≥' if higher else '≤'} {target:g} {unit}  "
              f"{'ok' if ok else 'MISSED'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
