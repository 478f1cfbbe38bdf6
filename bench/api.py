"""The JSON API under load: `mesoplan serve` (gunicorn, WSGI) on 127.0.0.1, driven by wrk.

One run measures both endpoints on the same server: `GET /api/health` (the trivial
endpoint: what the server and Django cost) and `POST /api/screen` with the realistic
intake (`screen.lua`), each for DURATION seconds at CONNECTIONS connections. The server
gets a fresh temporary data folder and is stopped afterwards.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

BENCH = Path(__file__).resolve().parent
CLI = Path(sys.executable).with_name("mesoplan")
CONNECTIONS = 32
DURATION = 10  # seconds per endpoint, after a short warm-up
WORKERS = 2  # one per core
# Sync workers (see bench/README.md): the kernel hands each new connection to whichever worker is
# free, where gthread workers keep their kept-alive connections, often most of the 32 on one worker.
WORKER_CLASS = "sync"
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


@dataclass(frozen=True)
class Load:
    """What wrk saw on one endpoint."""

    requests_per_s: float
    p50_ms: float
    p99_ms: float
    errors: str  # wrk's socket error and non-2xx lines, if any


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _found(pattern: str, text: str) -> re.Match[str]:
    match = re.search(pattern, text, re.MULTILINE)
    if match is None:
        raise RuntimeError(f"wrk's output has no {pattern!r}:\n{text}")
    return match


def _ms(text: str) -> float:
    number, unit = _found(r"^([\d.]+)(us|ms|s)$", text).groups()
    return float(number) * UNITS[unit]


def parse_wrk(output: str) -> Load:
    """Requests/s and the latency distribution from `wrk --latency` output."""
    rate = float(_found(r"Requests/sec:\s+([\d.]+)", output).group(1))
    percentile = {p: _found(rf"^\s+{p}%\s+(\S+)$", output).group(1) for p in ("50", "99")}
    errors = " ".join(line.strip() for line in output.splitlines() if "Socket errors" in line or "Non-2xx" in line)
    return Load(rate, _ms(percentile["50"]), _ms(percentile["99"]), errors)


def _wrk(url: str, seconds: int, script: Path | None = None) -> str:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", url]
    if script is not None:
        command[1:1] = ["-s", str(script)]
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


@lru_cache(maxsize=1)
def measure() -> tuple[Load, Load]:
    """Serve, load /api/health then /api/screen, stop; (health, screen)."""
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is missing: `make bench` installs the Debian package")
    port = _free_port()
    base = f"http://127.0.0.1:{port}/api"
    with tempfile.TemporaryDirectory(prefix="mesoplan-bench-") as data:
        env = {**os.environ, "MESOPLAN_DATA": data, "MESOPLAN_DB": "sqlite", "MESOPLAN_ENV": "development"}
        env.pop("MESOPLAN_SECRET_KEY", None)
        server = subprocess.Popen([str(CLI), "serve", "--host", "127.0.0.1", "--port", str(port),
                                   "--workers", str(WORKERS), "--worker-class", WORKER_CLASS, "--no-access-log"],
                                  env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _wait_until_up(f"{base}/health", server)
            _wrk(f"{base}/health", 2)
            _wrk(f"{base}/screen", 2, BENCH / "screen.lua")  # warm both endpoints in every worker
            health = parse_wrk(_wrk(f"{base}/health", DURATION))
            screen = parse_wrk(_wrk(f"{base}/screen", DURATION, BENCH / "screen.lua"))
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"  mesoplan serve: gunicorn, {WORKERS} {WORKER_CLASS} workers; "
          f"wrk, {CONNECTIONS} connections × {DURATION} s on 127.0.0.1:")
    for name, load in (("GET /api/health", health), ("POST /api/screen", screen)):
        print(f"    {name:17} {load.requests_per_s:8.0f} req/s  p50 {load.p50_ms:6.2f} ms  p99 {load.p99_ms:6.2f} ms"
              f"  {load.errors}")
    return health, screen


def screen_share_of_health_percent() -> float:
    """/api/screen's throughput as a share of /api/health's on the same server, in %."""
    health, screen = measure()
    return screen.requests_per_s / health.requests_per_s * 100


def screen_p99_ms() -> float:
    """The 99th percentile latency of /api/screen at CONNECTIONS connections, in ms."""
    return measure()[1].p99_ms
