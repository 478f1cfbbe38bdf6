"""`mesoplan serve` keeps the data private and durable: in a data folder made in advance (as an operator
would, with an ordinary umask) the database, its WAL and the photos folder are the owner's alone, and
every connection of the served app syncs each commit (synchronous=FULL in WAL mode)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from served import MESOPLAN, free_port


def _mode(path: Path) -> str:
    return oct(path.stat().st_mode & 0o777)


def test_serve_in_a_folder_made_in_advance_keeps_the_database_private_and_synced(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    os.chmod(data, 0o755)  # made by an operator: readable by all
    port = free_port()
    env = {**os.environ, "MESOPLAN_DATA": str(data), "MESOPLAN_DB": "sqlite"}
    env.pop("MESOPLAN_SECRET_KEY", None)
    server = subprocess.Popen(["sh", "-c", f'umask 022; exec "{MESOPLAN}" serve --port {port} --workers 1'],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(240):
            try:
                # a write through the app, so that the WAL exists
                request = urllib.request.Request(f"http://127.0.0.1:{port}/api/screen", method="POST",
                                                 data=json.dumps({"setting": "home", "start": "2030-03-01",
                                                                  "zones": ["forehead"]}).encode(),
                                                 headers={"Content-Type": "application/json"})
                urllib.request.urlopen(request, timeout=5).close()
                break
            except OSError:
                time.sleep(0.25)
        database = data / "mesoplan.sqlite3"
        assert _mode(database) == "0o600"
        for companion in (data / "mesoplan.sqlite3-wal", data / "mesoplan.sqlite3-shm"):
            assert not companion.exists() or _mode(companion) == "0o600", companion
        assert _mode(data / "media") == "0o700"
        pragmas = subprocess.run([sys.executable, "-c", (
            "import django; django.setup()\n"
            "from django.db import connection\n"
            "c = connection.cursor()\n"
            "print(c.execute('PRAGMA journal_mode').fetchone()[0], c.execute('PRAGMA synchronous').fetchone()[0])\n")],
            env={**env, "DJANGO_SETTINGS_MODULE": "mesoplan.web.settings"}, capture_output=True, text=True,
            timeout=120)
        assert pragmas.stdout.split() == ["wal", "2"], pragmas.stderr
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_database_file_left_readable_by_all_is_made_private_at_start(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    database = data / "mesoplan.sqlite3"
    database.touch(mode=0o644)
    os.chmod(database, 0o644)
    env = {**os.environ, "MESOPLAN_DATA": str(data), "MESOPLAN_DB": "sqlite"}
    env.pop("MESOPLAN_SECRET_KEY", None)
    result = subprocess.run([sys.executable, "-c", "from mesoplan.cli.serve_cmd import prepare; prepare()"],
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert _mode(database) == "0o600"
