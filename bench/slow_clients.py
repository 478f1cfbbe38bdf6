"""Slow clients: 500 connections trickle their headers for 30 s while `/api/health` is probed.

`mesoplan serve` (its default server, waitress, and the server before it, gunicorn, for comparison) on a
free 127.0.0.1 port with a fresh temporary data folder. CONNECTIONS sockets each send the start of a
request, then one more header line every TRICKLE_S seconds, never the blank line that ends the headers:
what a slow-loris client does, and what a phone on a bad network looks like to a server. Meanwhile one
probe asks `GET /api/health` every PROBE_GAP_S seconds, each with a PROBE_TIMEOUT_S timeout, and the
figures are the share of probes answered 200 and the p99 of their latency (a probe not answered counts
as its timeout). Bounded: DURATION_S seconds per server, everything closed afterwards.
"""

from __future__ import annotations

import http.client
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

CLI = Path(sys.executable).with_name("mesoplan")
CONNECTIONS = 500
DURATION_S = 30
TRICKLE_S = 1.0
PROBE_GAP_S = 0.1
PROBE_TIMEOUT_S = 5.0
WORKERS = 2
SERVERS = {"waitress": ["--server", "waitress"], "gunicorn (before)": ["--server", "gunicorn", "--worker-class",
                                                                       "gthread"]}


@dataclass(frozen=True)
class Probed:
    sent: int
    answered: int
    latencies_ms: tuple[float, ...]  # every probe's, a probe not answered counted as its timeout
    slow_open: int  # how many of the slow connections were still open at the end

    @property
    def answered_percent(self) -> float:
        return 100 * self.answered / self.sent if self.sent else 0.0

    @property
    def p99_ms(self) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] if ordered else float("inf")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _enough_file_descriptors() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = CONNECTIONS + 256
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted if hard == resource.RLIM_INFINITY else min(wanted, hard),
                                                    hard))


def _probe(port: int, until: float, out: list[tuple[bool, float]]) -> None:
    while time.monotonic() < until:
        began = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=PROBE_TIMEOUT_S)
        try:
            connection.request("GET", "/api/health")
            response = connection.getresponse()
            response.read()
            out.append((response.status == 200, (time.perf_counter() - began) * 1000))
        except OSError:
            out.append((False, PROBE_TIMEOUT_S * 1000))
        finally:
            connection.close()
        time.sleep(PROBE_GAP_S)


def _trickle(port: int, until: float) -> int:
    """Open the slow connections and keep them trickling until `until`; how many stayed open."""
    slow: list[socket.socket] = []
    for _ in range(CONNECTIONS):
        try:
            connection = socket.create_connection(("127.0.0.1", port), timeout=2)
            connection.setblocking(False)
            connection.send(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            slow.append(connection)
        except OSError:
            break  # the server (or the backlog) would take no more
    while time.monotonic() < until:
        time.sleep(TRICKLE_S)
        for connection in list(slow):
            try:
                connection.send(b"X-Trickle: 1\r\n")
            except OSError:  # closed by the server (an idle timeout, a limit), or its buffer full
                slow.remove(connection)
                connection.close()
    for connection in slow:
        connection.close()
    return len(slow)


def _wait_until_up(base: str, server: subprocess.Popen[bytes]) -> None:
    for _ in range(240):
        if server.poll() is not None:
            raise RuntimeError("mesoplan serve stopped before answering")
        try:
            with urllib.request.urlopen(f"{base}/api/health", timeout=2):
                return
        except OSError:
            time.sleep(0.25)
    raise RuntimeError("mesoplan serve did not answer within a minute")


def run(server_options: list[str]) -> Probed:
    """Serve with these options, trickle and probe for DURATION_S seconds, stop the server."""
    _enough_file_descriptors()
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="mesoplan-bench-slow-") as temp:
        env = {**os.environ, "MESOPLAN_DATA": str(Path(temp, "data")), "MESOPLAN_DB": "sqlite",
               "MESOPLAN_ENV": "development", "MESOPLAN_API_ANON_RATE": "off"}
        env.pop("MESOPLAN_SECRET_KEY", None)
        server = subprocess.Popen([str(CLI), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers",
                                   str(WORKERS), "--no-access-log", *server_options],
                                  env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _wait_until_up(f"http://127.0.0.1:{port}", server)
            until = time.monotonic() + DURATION_S
            probes: list[tuple[bool, float]] = []
            prober = threading.Thread(target=_probe, args=(port, until, probes))
            slow_open: list[int] = []

            def trickling() -> None:
                slow_open.append(_trickle(port, until))

            trickler = threading.Thread(target=trickling)
            trickler.start()
            time.sleep(1)  # the slow connections first, then the probe
            prober.start()
            prober.join()
            trickler.join()
        finally:
            server.terminate()
            server.wait(timeout=60)
    return Probed(len(probes), sum(ok for ok, _ in probes), tuple(ms for _, ms in probes), slow_open[0])


@lru_cache(maxsize=1)
def measure() -> dict[str, Probed]:
    results = {name: run(options) for name, options in SERVERS.items()}
    print(f"  slow clients: {CONNECTIONS} connections trickling a header line every {TRICKLE_S:g} s for "
          f"{DURATION_S} s, `mesoplan serve --workers {WORKERS}`; GET /api/health probed every {PROBE_GAP_S:g} s "
          f"({PROBE_TIMEOUT_S:g} s timeout):")
    for name, probed in results.items():
        median = statistics.median(probed.latencies_ms) if probed.latencies_ms else float("nan")
        print(f"    {name:18} answered {probed.answered:4d} of {probed.sent:4d} ({probed.answered_percent:5.1f} %)"
              f"  p50 {median:7.1f} ms  p99 {probed.p99_ms:7.1f} ms  slow connections still open at the end: "
              f"{probed.slow_open}")
    return results


def answered_percent() -> float:
    """The share of /api/health probes answered during the slow clients, on `mesoplan serve`'s server, in %."""
    return measure()["waitress"].answered_percent


def p99_ms() -> float:
    """The p99 latency of those probes (unanswered ones count as their timeout), in ms."""
    return measure()["waitress"].p99_ms
