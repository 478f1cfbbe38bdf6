"""Serving the app for a test as `make run` does: `mesoplan serve` in its own process, on a free port."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

MESOPLAN = Path(sys.executable).with_name("mesoplan")  # the command line, as installed in the venv


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(env: Mapping[str, str], *options: str, stop_timeout: float = 30) -> Iterator[str]:
    """`mesoplan serve --workers 1 --no-access-log OPTIONS` until `/api/health` answers; its base URL.
    The server is stopped (SIGTERM) on the way out."""
    port = free_port()
    server = subprocess.Popen([MESOPLAN, "serve", "--port", str(port), "--workers", "1", "--no-access-log",
                               *options], env={"MESOPLAN_API_ANON_RATE": "off", **env},  # tests call from one address
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(f"{base}/api/health", timeout=2).close()
                break
            except OSError:
                time.sleep(0.25)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=stop_timeout)
