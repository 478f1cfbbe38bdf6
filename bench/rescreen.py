"""The clinic re-screen job end to end on SQLite (bench/README.md): 100 000 varied clients.

The clients come from `rescreen_population` (seeded); some share an identical intake, as in
real clinics, and each distinct intake is screened once: the figures say how many.
`rescreen_job.py` does the work in its own processes; this prints what it found.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def job_seconds() -> float:
    """The worker running a queued re-screen of 100 000 clients after a policy change, in s (median of the runs)."""
    script = Path(__file__).with_name("rescreen_job.py")
    done = subprocess.run([sys.executable, str(script)], check=True, capture_output=True, text=True)
    f = json.loads(done.stdout.strip().splitlines()[-1])
    phases = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in f["phases"].items())
    runs = ", ".join(f"{t:.3f}" for t in f["runs"])
    print(f"  {f['clients']} clients on SQLite ({f['database_mb']:.0f} MB, {f['duplicate_share']:.1%} sharing an "
          f"intake): {f['screened']} reached by the policy and screened ({f['distinct']} distinct intakes), "
          f"{f['planned']} plans made again, {f['changed']} changed ({f['changed'] / f['clients']:.1%}) with "
          f"{f['change_rows']} before → after rows, in {f['batches']} batches")
    print(f"  median {f['seconds']:.3f} s of {len(f['runs'])} runs ({runs} s); the median run: {phases}")
    print(f"  calibration: the same {f['clients']} client rows read with one plain query: {f['plain_read']:.3f} s "
          f"(median of the runs)")
    return float(f["seconds"])
