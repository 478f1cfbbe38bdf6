"""A fault while writing: `mesoplan serve` (its processes and all) killed with -9 in the middle of a bounded write
load over HTTP, then started again on the same data folder and database: every write it acknowledged is there,
and the database's own checks find nothing wrong. On this pass's database: SQLite (WAL with synchronous=FULL: an
acknowledged commit is on disk; `integrity_check`, `foreign_key_check`) or PostgreSQL (amcheck on every index,
every foreign key checked again)."""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
import urllib.request
from pathlib import Path

from served import MESOPLAN, free_port, serving
from site_database import empty_database, integrity_problems, site_env

WRITERS, WRITES_EACH, KILL_AFTER = 4, 150, 60

ACCOUNT = textwrap.dedent("""
    from mesoplan.cli.serve_cmd import prepare
    prepare()
    from django.contrib.auth.models import User
    from mesoplan.web.api.tokens import issue_token
    user = User.objects.create_user("writer")
    print(issue_token(user, "fault test")[1])
""")


def _env(folder: Path, database: dict[str, str]) -> dict[str, str]:
    return {**site_env(folder, database), "MESOPLAN_API_ANON_RATE": "off"}


def _write(port: int, token: str, label: str) -> int | None:
    """POST one device; its id if the server acknowledged it (201), else None."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("POST", "/api/devices", json.dumps({"kind": "dermaroller", "label": label}),
                           {"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
        response = connection.getresponse()
        body = response.read()
        return int(json.loads(body)["id"]) if response.status == 201 else None
    except (OSError, http.client.HTTPException, ValueError):
        return None
    finally:
        connection.close()


def test_every_acknowledged_write_survives_a_kill_9_of_the_server(tmp_path: Path) -> None:
    with empty_database() as database:
        _kill_mid_load_and_check(_env(tmp_path / "data", database))


def _kill_mid_load_and_check(env: dict[str, str]) -> None:
    made = subprocess.run([sys.executable, "-c", ACCOUNT], env=env, capture_output=True, text=True,
                          timeout=300, check=True)
    token = made.stdout.strip().splitlines()[-1]
    port = free_port()
    server = subprocess.Popen([MESOPLAN, "serve", "--port", str(port), "--workers", "2", "--no-access-log"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)  # its own process group: killed all at once below
    acknowledged: dict[str, int] = {}
    lock = threading.Lock()

    def writer(number: int) -> None:
        for n in range(WRITES_EACH):
            label = f"w{number}-{n}"
            row = _write(port, token, label)
            if row is not None:
                with lock:
                    acknowledged[label] = row

    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2).close()
                break
            except OSError:
                time.sleep(0.25)
        writers = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
        for thread in writers:
            thread.start()
        while len(acknowledged) < KILL_AFTER and any(thread.is_alive() for thread in writers):
            time.sleep(0.01)
        os.killpg(server.pid, signal.SIGKILL)  # mid-load: the server, its serving processes, no goodbye
        server.wait(timeout=30)
        for thread in writers:
            thread.join(timeout=120)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    assert KILL_AFTER <= len(acknowledged) < WRITERS * WRITES_EACH  # killed in the middle, after some writes

    with serving(env) as base:
        stored: dict[str, int] = {}
        address: str | None = f"{base}/api/devices?limit=200"
        while address is not None:  # every page, following the API's `Link` to the next
            request = urllib.request.Request(address, headers={"Authorization": f"Bearer {token}"})
            with urllib.request.urlopen(request, timeout=30) as response:
                stored |= {row["label"]: row["id"] for row in json.loads(response.read())}
                link = response.headers.get("Link")
            address = link.split(">", 1)[0].lstrip("<") if link else None
    missing = {label for label, row in acknowledged.items() if stored.get(label) != row}
    print(f"fault test: {len(acknowledged)} writes acknowledged before kill -9, {len(acknowledged) - len(missing)} "
          f"present after the restart, {len(stored)} stored in all")
    assert not missing

    assert integrity_problems(env) == []
