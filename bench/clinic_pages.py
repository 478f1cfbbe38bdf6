"""A clinic's client list, a client's page and the dashboard with 50 000 clients, each as a multiple of
/api/health on the same server in the same run (issue 16: each ≤ 20×).

`clinic_setup.py` fills a fresh temporary database (not timed: 50 000 varied clients with their stored
answers, one in fifty booked in the coming four weeks, one client taken through the clinic's own path,
an admin logged in); then `mesoplan serve` (waitress, as in `api.py`) answers wrk, which loads
`/api/health` and each page in alternating slices, PAGE_CONNECTIONS connections for the pages, so that
other work on the machine slows all alike. A page's figure is `health req/s ÷ page req/s`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

import api

BENCH = Path(__file__).resolve().parent
SLICES = int(os.environ.get("MESOPLAN_BENCH_CLINIC_SLICES", "3"))


@lru_cache(maxsize=1)
def measure() -> dict[str, float]:
    """Each page as a multiple of /api/health on the same server, in the same run."""
    with tempfile.TemporaryDirectory(prefix="mesoplan-bench-clinic-") as temp:
        env = {**os.environ, "MESOPLAN_DATA": str(Path(temp, "data")), "MESOPLAN_DB": "sqlite",
               "MESOPLAN_ENV": "development", "MESOPLAN_SECRET_KEY": "bench-only-clinic-pages-secret"}
        Path(temp, "data").mkdir(mode=0o700)
        setup = subprocess.run([sys.executable, str(BENCH / "clinic_setup.py")], env=env, check=True,
                               capture_output=True, text=True)
        made = json.loads(setup.stdout.splitlines()[-1])
        pages = {"client list": "/clinic/clients/", "client page": f"/clinic/clients/{made['client']}/",
                 "dashboard": "/clinic/"}
        scripts: dict[str, tuple[str, Path, int]] = {"health": ("/api/health", Path(temp, "health.lua"),
                                                                api.CONNECTIONS)}
        scripts["health"][1].write_text(api.QUANTILES_LUA)
        logged_in = Path(temp, "clinic.lua")
        logged_in.write_text(f'wrk.headers["Cookie"] = [==[{made["cookie"]}]==]\n' + api.QUANTILES_LUA)
        scripts |= {name: (path, logged_in, api.PAGE_CONNECTIONS) for name, path in pages.items()}
        loads = api.served_loads(env, scripts, SLICES)
    health = loads["health"].requests_per_s
    bad = api.failed(loads)
    print(f"  mesoplan serve: {api.LABELS['waitress']}; {made['clients']} clients in one clinic; wrk, "
          f"{api.PAGE_CONNECTIONS} connections per page, {SLICES} × {api.SLICE_S} s per load, alternating; "
          f"/api/health {health:.0f} req/s" + (f"; over 1 % failed: {', '.join(bad)}" if bad else ""))
    figures = {name: float("inf") if name in bad else health / loads[name].requests_per_s for name in pages}
    for name, figure in figures.items():
        print(f"    {name:14} {pages[name]:24} {figure:6.1f}×  p99 {loads[name].percentile_ms(99):6.1f} ms")
    return figures


def worst() -> float:
    """The dearest of the three pages, as a multiple of /api/health."""
    return max(measure().values())
