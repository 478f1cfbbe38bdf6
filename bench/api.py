"""The served app under load: `mesoplan serve` (waitress, WSGI) on 127.0.0.1, driven by wrk; and, for
comparison in the same run, the server before it (gunicorn, sync workers) on `/api/health` and `/api/screen`.

One server answers four loads: `GET /api/health` (the trivial endpoint: what gunicorn,
Django and the middleware cost; the calibration of the others), `POST /api/screen` with the
realistic intake (`screen.lua`), and the self-check's answer page (`answer_page.py`: the form
posted, and the answer page rendered, as two loads), at CONNECTIONS connections (PAGE_CONNECTIONS
for the page), SLICES × SLICE_S seconds each. The slices alternate between the loads, so that
a burst of work elsewhere on the machine slows all alike instead of whichever happened to be
running; each slice reports its latency quantiles and the p50 and p99 are those of all the
slices' requests together. With
that many connections both workers are always busy, so the requests answered per second
are what the server can do: the ratio of two loads' rates is the ratio of the server's time
for each. The server gets a fresh temporary data folder and is stopped afterwards.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import answer_page

BENCH = Path(__file__).resolve().parent
CLI = Path(sys.executable).with_name("mesoplan")
CONNECTIONS = 32
WRK_THREADS = 2
SLICES, SLICE_S = 5, 2  # 10 s per endpoint, after a warm-up
WORKERS = 2  # one per core
# The answer page's two requests take tens of milliseconds: with 32 connections a slice would end
# with up to 32 of them in flight, a second of the server's work it did not count. Two per worker
# keep both workers busy and leave little uncounted.
PAGE_CONNECTIONS = 2 * WORKERS
# The server `mesoplan serve` runs, and the one before it with sync workers (see bench/README.md: the kernel
# hands each new connection to whichever worker is free, where gthread workers keep their kept-alive
# connections, often most of the 32 on one worker).
SERVERS = {"waitress": ["--server", "waitress"], "gunicorn": ["--server", "gunicorn", "--worker-class", "sync"]}
LABELS = {"waitress": f"waitress, {WORKERS} processes × 4 threads", "gunicorn": f"gunicorn, {WORKERS} sync workers"}
# wrk's end-of-run hook: the latency at every 0.1 % of the requests (in µs), and the counts.
QUANTILES_LUA = """
done = function(summary, latency, requests)
  for i = 1, 1000 do io.write(string.format("q %d\\n", latency:percentile(i / 10))) end
  local e = summary.errors
  io.write(string.format("n %d %d %d\\n", summary.requests, summary.duration,
                         e.connect + e.read + e.write + e.status + e.timeout))
end
"""


@dataclass
class Load:
    """What wrk saw on one endpoint, over all its slices."""

    requests: int = 0
    seconds: float = 0.0
    errors: int = 0
    slice_rates: list[float] = field(default_factory=list)
    quantiles: list[tuple[int, float]] = field(default_factory=list)  # (latency µs, weight in requests)

    def add(self, wrk_output: str) -> None:
        """Take in one slice's output of QUANTILES_LUA."""
        lines = [line.split() for line in wrk_output.splitlines() if line[:2] in ("q ", "n ")]
        requests, duration_us, errors = (int(x) for x in lines[-1][1:])
        latencies = [int(line[1]) for line in lines if line[0] == "q"]
        self.requests, self.seconds, self.errors = self.requests + requests, self.seconds + duration_us / 1e6, \
            self.errors + errors
        self.slice_rates.append(requests / (duration_us / 1e6))
        self.quantiles += [(latency, requests / len(latencies)) for latency in latencies]

    @property
    def requests_per_s(self) -> float:
        return self.requests / self.seconds

    def percentile_ms(self, p: float) -> float:
        """The latency under which `p` % of all the slices' requests were answered, in ms."""
        target, seen = sum(w for _, w in self.quantiles) * p / 100, 0.0
        for latency, weight in sorted(self.quantiles):
            seen += weight
            if seen >= target:
                return latency / 1000
        return max(self.quantiles)[0] / 1000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wrk(url: str, seconds: int, script: Path, connections: int) -> str:
    # A 10 s timeout (wrk's own is 2 s): a queued answer page can wait a second or more.
    command = ["wrk", f"-t{WRK_THREADS}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script),
               url]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def _wait_until_up(url: str, server: subprocess.Popen[bytes]) -> None:
    for _ in range(240):
        if server.poll() is not None:
            raise RuntimeError("mesoplan serve stopped before answering")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.25)
    raise RuntimeError("mesoplan serve did not answer within a minute")


def _drained(base: str) -> None:
    """Wait until the server has answered what the last slice left queued.

    When wrk stops, up to CONNECTIONS requests are still in the server's queue: some
    milliseconds of /api/health, but a second or more of answer pages, which the next slice
    would otherwise pay for. A request sent now is answered after them.
    """
    for _ in range(WORKERS):
        with urllib.request.urlopen(f"{base}/api/health", timeout=60):
            pass


def _load(base: str, scripts: dict[str, tuple[str, Path, int]], slices: int = SLICES) -> dict[str, Load]:
    """Warm every load up, then alternate their slices. `scripts`: name → (path, wrk script, connections)."""
    loads = {name: Load() for name in scripts}
    for path, script, connections in scripts.values():
        _wrk(f"{base}{path}", 2, script, connections)
        _drained(base)
    for _ in range(slices):
        for name, (path, script, connections) in scripts.items():
            loads[name].add(_wrk(f"{base}{path}", SLICE_S, script, connections))
            _drained(base)
    return loads


def served_loads(env: dict[str, str], scripts: dict[str, tuple[str, Path, int]], slices: int) -> dict[str, Load]:
    """`mesoplan serve` (waitress, without its worker: nothing here queues a job) on a free port with `env`,
    loaded by `scripts` in alternating slices (`_load`), then stopped: each load's figures."""
    port = _free_port()
    server = subprocess.Popen([str(CLI), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers",
                               str(WORKERS), "--no-access-log", "--no-worker", *SERVERS["waitress"]],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_until_up(f"{base}/api/health", server)
        return _load(base, scripts, slices=slices)
    finally:
        server.terminate()
        server.wait(timeout=30)


def failed(loads: dict[str, Load]) -> list[str]:
    """The loads over 1 % of whose requests failed."""
    return [name for name, load in loads.items() if load.errors > load.requests / 100]


@lru_cache(maxsize=2)
def measure(server_name: str = "waitress") -> dict[str, Load]:
    """Serve, load /api/health, /api/screen and (on `mesoplan serve`'s own server) the answer page's two requests,
    stop; the loads by name."""
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is missing: `make bench` installs the Debian package")
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="mesoplan-bench-") as temp:
        scripts = {"health": ("/api/health", Path(temp, "health.lua"), CONNECTIONS),
                   "screen": ("/api/screen", Path(temp, "screen.lua"), CONNECTIONS),
                   "form posted": ("/check/", Path(temp, "post.lua"), PAGE_CONNECTIONS),
                   "answer shown": ("/check/answer/", Path(temp, "get.lua"), PAGE_CONNECTIONS)}
        pages = server_name == "waitress"
        if not pages:
            del scripts["form posted"], scripts["answer shown"]
        scripts["health"][1].write_text(QUANTILES_LUA)
        scripts["screen"][1].write_text((BENCH / "screen.lua").read_text() + QUANTILES_LUA)
        env = {**os.environ, "MESOPLAN_DATA": str(Path(temp, "data")), "MESOPLAN_DB": "sqlite",
               "MESOPLAN_ENV": "development", "MESOPLAN_API_ANON_RATE": "off"}  # wrk calls from one address
        env.pop("MESOPLAN_SECRET_KEY", None)
        server = subprocess.Popen([str(CLI), "serve", "--host", "127.0.0.1", "--port", str(port),
                                   "--workers", str(WORKERS), "--no-access-log", *SERVERS[server_name]],
                                  env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_until_up(f"{base}/api/health", server)
            if pages:
                visitor = answer_page.wrk_scripts(*answer_page.visitor(base, date.today()))
                scripts["form posted"][1].write_text(visitor["post"] + QUANTILES_LUA)
                scripts["answer shown"][1].write_text(visitor["get"] + QUANTILES_LUA)
            loads = _load(base, scripts)
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"  mesoplan serve: {LABELS[server_name]}; wrk, {CONNECTIONS} connections "
          f"({PAGE_CONNECTIONS} for the answer page), {SLICES} × {SLICE_S} s per load, alternating, on 127.0.0.1:")
    shown = {"GET /api/health": "health", "POST /api/screen": "screen", "POST /check/": "form posted",
             "GET /check/answer/": "answer shown"}
    for name, load in ((label, loads[key]) for label, key in shown.items() if key in loads):
        spread = f"{min(load.slice_rates):.0f}–{max(load.slice_rates):.0f}"
        print(f"    {name:18} {load.requests_per_s:6.0f} req/s (slices {spread})  p50 {load.percentile_ms(50):6.1f} ms"
              f"  p99 {load.percentile_ms(99):6.1f} ms" + (f"  {load.errors} errors" if load.errors else ""))
    if pages:
        print(f"    an answer (the form posted, then the answer page): {1 / _answer_seconds(loads):.0f} answers/s")
    return loads


def _answer_seconds(loads: dict[str, Load]) -> float:
    """The server's time for one answer, both workers busy: the form's POST and the answer page's GET."""
    return 1 / loads["form posted"].requests_per_s + 1 / loads["answer shown"].requests_per_s


def screen_share_of_health_percent() -> float:
    """/api/screen's throughput as a share of /api/health's on the same server, in %; the server before it
    measured the same way in the same run and printed beside it."""
    loads = measure()
    before = measure("gunicorn")
    share = loads["screen"].requests_per_s / loads["health"].requests_per_s * 100
    print(f"  /api/screen: {loads['screen'].requests_per_s:.0f} req/s on {LABELS['waitress']} ({share:.0f} % of its "
          f"/api/health), {before['screen'].requests_per_s:.0f} req/s on {LABELS['gunicorn']} "
          f"({before['screen'].requests_per_s / before['health'].requests_per_s * 100:.0f} % of its /api/health)")
    return share


def answer_page_multiple_of_health() -> float:
    """The server's time for one answer (the form posted, the answer page rendered) as a multiple
    of its time for one /api/health, on the same server in the same run."""
    loads = measure()
    if any(loads[name].errors > loads[name].requests / 100 for name in ("form posted", "answer shown")):
        return float("inf")  # refused or timed out: the rate would not be the page's
    return _answer_seconds(loads) * loads["health"].requests_per_s


def screen_p99_ms() -> float:
    """The 99th percentile latency of /api/screen at CONNECTIONS connections, in ms."""
    return measure()["screen"].percentile_ms(99)
