"""Bulk re-screen benchmarks (bench/README.md): 100 000 varied clients, in memory and on SQLite.

The clients come from `rescreen_population` (seeded); some share an identical intake, as in
real clinics, and each distinct intake is screened once: the figures say how many.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from rescreen_population import Population, duplicate_share

from mesoplan.core.dates import Period
from mesoplan.core.intake_parser import IntakeParser
from mesoplan.core.policy import ClinicPolicy, apply_policy
from mesoplan.knowledge_loader import load_knowledge
from mesoplan.rescreen_pool import cores, free_cores, rescreen_many

CLIENTS = 100_000
RUNS = 5  # timed re-screens of all the clients; the figure is their median
# A cautious clinic: the label's longest isotretinoin wait, three months after toxin.
POLICY = ClinicPolicy("bench-clinic", "cautious-1", {"isotretinoin_washout": Period(12, "months"),
                                                     "botulinum_toxin_gap": Period(3, "months")})


def screening_rate() -> float:
    """Clients re-screened per second in memory (on the free cores) after a policy change: the median of RUNS runs.

    Each run screens freshly parsed intakes, as a re-screen of stored clients does: after a
    fork, every page of the parent stays write-protected until next written, so intakes kept
    from an earlier run would cost each later run a page fault per page they touch (~5-10 µs
    each on this project's VMs), which no real re-screen pays. The parsing is not timed.
    """
    kb = load_knowledge()
    data = Population(kb).intakes(CLIENTS)
    parser = IntakeParser(kb)
    intakes = [parser.parse(d) for d in data]
    stored = {outcome.intake: outcome.summary.digest
              for outcome in rescreen_many([(n, i, "") for n, i in enumerate(intakes)], kb, processes=1).changed}
    digests = [stored[i] for i in intakes]
    del intakes, stored
    clinic = apply_policy(kb, POLICY)
    # Asked once, before the runs: the runs themselves raise the load average.
    processes = free_cores()
    times, one_process = [], []
    for _ in range(RUNS):
        clients = [(n, parser.parse(d), digest) for n, (d, digest) in enumerate(zip(data, digests, strict=True))]
        # Every client is re-screened in each run; one process first, which forks nothing.
        if processes > 1:
            began = time.perf_counter()
            single = rescreen_many(clients, clinic, processes=1)
            one_process.append(time.perf_counter() - began)
        began = time.perf_counter()
        outcome = rescreen_many(clients, clinic, processes)
        times.append(time.perf_counter() - began)
        if processes > 1:
            assert single == outcome
        del clients
    elapsed = statistics.median(times)
    one = statistics.median(one_process or times)
    print(f"  {outcome.checked} clients, {outcome.distinct} distinct intakes "
          f"({duplicate_share(data):.1%} of clients share an identical intake), "
          f"{len(outcome.changed)} changed ({len(outcome.changed) / outcome.checked:.1%}); "
          f"{processes} process(es) on the free cores of {cores()}, load {os.getloadavg()[0]:.1f}: "
          f"median {elapsed:.3f} s of {RUNS} runs ({_seconds(times)}); one process: median {one:.3f} s "
          f"({_seconds(one_process or times)}), {one / outcome.distinct * 1e6:.1f} µs per distinct intake "
          f"({outcome.checked / one:,.0f} clients/s)")
    return outcome.checked / elapsed


def _seconds(times: list[float]) -> str:
    return ", ".join(f"{t:.3f}" for t in times) + " s"


def end_to_end_seconds() -> float:
    """`rescreen_all` on a fresh SQLite database of 100 000 clients after a policy change, in s."""
    script = Path(__file__).with_name("rescreen_sqlite.py")
    done = subprocess.run([sys.executable, str(script)], check=True, capture_output=True, text=True)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    phases = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in figures["phases"].items())
    f = figures
    print(f"  {f['clients']} clients on SQLite ({f['database_mb']:.0f} MB): {f['screened']} reached by the policy "
          f"and screened ({f['distinct']} distinct intakes), {f['planned']} plans made again, {f['changed']} changed "
          f"({f['changed'] / f['clients']:.1%}); median {f['seconds']:.3f} s of {len(f['runs'])} runs "
          f"({_seconds(f['runs'])}); the median run: {phases}; {f['clients'] / f['seconds']:,.0f} clients/s")
    return float(figures["seconds"])
