"""A burst of concurrent calls from one address gets no more than the throttle's allowance, on the server as it
runs (`mesoplan serve`: two processes of four threads, on this pass's database).

Before, the count was read, then written (Django's database cache has no atomic increment): calls
that arrived together each saw the same count, and more than the limit got through."""

from __future__ import annotations

import http.client
import json
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from served import serving
from site_database import empty_database, site_env

ALLOWED, CALLERS, CALLS_EACH = 5, 16, 3
INTAKE = {"setting": "home", "start": "2026-03-01", "zones": ["cheeks"], "goals": ["texture"]}


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    folder = tmp_path / "data"
    with empty_database() as database, serving({**site_env(folder, database),
                                                "MESOPLAN_API_ANON_RATE": f"{ALLOWED}/hour"},
                                               "--workers", "2", "--threads", "4") as base:
        yield base


def _burst(base: str, method: str, path: str, body: object = None) -> Counter[int]:
    """CALLERS threads, released together, each making CALLS_EACH calls on its own connection; the statuses."""
    location = urlsplit(base)
    start = threading.Barrier(CALLERS)
    statuses: Counter[int] = Counter()
    lock = threading.Lock()

    def caller() -> None:
        connection = http.client.HTTPConnection(location.hostname or "", location.port, timeout=60)
        start.wait()
        for _ in range(CALLS_EACH):
            connection.request(method, path, json.dumps(body) if body is not None else None,
                               {"Content-Type": "application/json"})
            response = connection.getresponse()
            response.read()
            with lock:
                statuses[response.status] += 1
        connection.close()

    threads = [threading.Thread(target=caller) for _ in range(CALLERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def test_a_burst_of_screenings_from_one_address_gets_exactly_the_allowance_and_429_for_the_rest(
        served: str) -> None:
    assert _burst(served, "POST", "/api/screen", INTAKE) == {200: ALLOWED, 429: CALLERS * CALLS_EACH - ALLOWED}
    assert _burst(served, "GET", "/api/protocols") == {429: CALLERS * CALLS_EACH}  # the allowance is spent
    assert _burst(served, "GET", "/api/health") == {200: CALLERS * CALLS_EACH}  # never throttled
