"""The home diary's pages for histories of 0, 50, 200 and 400 entries, each as a multiple of /api/health.

`mesoplan serve` (its own server, waitress, as in `api.py`) on a fresh temporary data folder; before it
starts, `diary_setup.py` makes one home user per history length (sessions a week apart with their
rating, a reaction after every other one, a pen, a saved check with its plan), logged in. wrk then
loads `/api/health` and each page of each user in alternating slices, at PAGE_CONNECTIONS
connections (the pages) and CONNECTIONS (health), so that other work on the machine slows all alike.
A page's figure is the server's time for it as a multiple of its time for /api/health:
`health req/s ÷ page req/s`. Targets (issue 16): every page ≤ 15× with 400 entries, and no page
with 400 entries above 1.5× its cost for an empty diary.
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
SIZES = (0, 50, 200, 400)
PAGES = ("/diary/", "/diary/sessions/", "/diary/progress/", "/api/alerts")
SLICES = int(os.environ.get("MESOPLAN_BENCH_DIARY_SLICES", "3"))


@lru_cache(maxsize=1)
def measure() -> dict[tuple[str, int], float]:
    """Each (page, entries) as a multiple of /api/health on the same server, in the same run."""
    with tempfile.TemporaryDirectory(prefix="mesoplan-bench-diary-") as temp:
        env = {**os.environ, "MESOPLAN_DATA": str(Path(temp, "data")), "MESOPLAN_DB": "sqlite",
               "MESOPLAN_ENV": "development", "MESOPLAN_SECRET_KEY": "bench-only-diary-pages-secret"}
        Path(temp, "data").mkdir(mode=0o700)
        setup = subprocess.run([sys.executable, str(BENCH / "diary_setup.py"), *map(str, SIZES)], env=env,
                               check=True, capture_output=True, text=True)
        cookies = {int(size): cookie for size, cookie in json.loads(setup.stdout.splitlines()[-1]).items()}
        scripts: dict[str, tuple[str, Path, int]] = {"health": ("/api/health", Path(temp, "health.lua"),
                                                                api.CONNECTIONS)}
        scripts["health"][1].write_text(api.QUANTILES_LUA)
        for size in SIZES:
            script = Path(temp, f"diary{size}.lua")
            script.write_text(f'wrk.headers["Cookie"] = [==[{cookies[size]}]==]\n' + api.QUANTILES_LUA)
            scripts |= {f"{page} {size}": (page, script, api.PAGE_CONNECTIONS) for page in PAGES}
        loads = api.served_loads(env, scripts, SLICES)
    health = loads["health"].requests_per_s
    bad = api.failed(loads)
    print(f"  mesoplan serve: {api.LABELS['waitress']}; wrk, {api.PAGE_CONNECTIONS} "
          f"connections per page, {SLICES} × {api.SLICE_S} s per load, alternating; /api/health {health:.0f} req/s"
          + (f"; over 1 % failed: {', '.join(bad)}" if bad else ""))
    figures = {(page, size): float("inf") if f"{page} {size}" in bad else
               health / loads[f"{page} {size}"].requests_per_s for page in PAGES for size in SIZES}
    print("    a home user's history (sessions + reactions) " + "".join(f"{size:>9}" for size in SIZES))
    for page in PAGES:
        print(f"    {page:47}" + "".join(f"{figures[page, size]:8.1f}×" for size in SIZES))
    return figures


def worst_with_400_entries() -> float:
    """The dearest diary page with 400 entries, as a multiple of /api/health."""
    return max(figure for (_, size), figure in measure().items() if size == SIZES[-1])


def worst_growth_from_empty() -> float:
    """The largest ratio of a page's cost with 400 entries to its cost for an empty diary."""
    figures = measure()
    return max(figures[page, SIZES[-1]] / figures[page, SIZES[0]] for page in PAGES)


if __name__ == "__main__":
    print(f"worst diary page, 400 entries: {worst_with_400_entries():.1f}× /api/health (target ≤ 15×)")
    print(f"worst growth, 400 entries ÷ empty: {worst_growth_from_empty():.2f} (target ≤ 1.5)")
