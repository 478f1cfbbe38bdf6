"""mesoplan benchmarks: prints each figure next to its target (`make bench`).

Targets live here, never in timed tests. Exits 1 if a target is missed, so a
regression is visible, but the test suite does not depend on this machine's speed.
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
import rescreen
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
    samples = timeit.repeat(lambda: screen(intake, kb), number=runs, repeat=15)
    return statistics.median(samples) / runs * 1e6


def cli_cold_start_median_s() -> float:
    """Median wall time of `mesoplan screen INTAKE --json` as a new process, in s."""
    samples = []
    for _ in range(11):
        began = time.perf_counter()
        subprocess.run([str(CLI), "screen", str(INTAKE), "--json"], check=True, stdout=subprocess.DEVNULL)
        samples.append(time.perf_counter() - began)
    return statistics.median(samples)


BENCHMARKS: list[tuple[str, Callable[[], float], float, str]] = [
    ("screening, realistic intake, in-process (median)", screening_median_us, 25.0, "µs"),
    ("mesoplan screen, cold start (median)", cli_cold_start_median_s, 0.5, "s"),
    ("bulk re-screen, 100 000 varied clients, in memory (median)", rescreen.screening_rate, 100_000, "clients/s"),
    ("bulk re-screen, 100 000 clients on SQLite, end to end (median)", rescreen.end_to_end_seconds, 2.0, "s"),
    ("API: /api/screen throughput, share of /api/health's", api.screen_share_of_health_percent, 60, "%"),
    ("API: /api/screen p99 latency, 32 connections", api.screen_p99_ms, 30.0, "ms"),
]
HIGHER_IS_BETTER = {"clients/s", "%"}  # rates and shares; every other figure is a time or a size


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
