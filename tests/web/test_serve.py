"""`mesoplan serve`: migrates the embedded database, then serves through gunicorn (WSGI)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

MESOPLAN = Path(sys.executable).with_name("mesoplan")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_is_a_command_of_the_cli() -> None:
    result = subprocess.run([MESOPLAN, "serve", "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert "--host" in result.stdout and "--port" in result.stdout


def test_serve_migrates_a_fresh_data_folder_and_answers_on_the_port(tmp_path: Path) -> None:
    """As `make run` on a fresh machine: empty data folder → migrated SQLite file, home page on HTTP, via gunicorn."""
    port = _free_port()
    env = {**os.environ, "MESOPLAN_DATA": str(tmp_path / "data"), "MESOPLAN_DB": "sqlite"}
    env.pop("MESOPLAN_SECRET_KEY", None)
    server = subprocess.Popen([MESOPLAN, "serve", "--port", str(port), "--workers", "1"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        body = ""
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    body = response.read().decode()
                    server_header = response.headers.get("Server", "")
                break
            except OSError:
                time.sleep(0.25)
        assert "Is microneedling safe for you right now?" in body
        assert "gunicorn" in server_header.lower()
        assert (tmp_path / "data" / "mesoplan.sqlite3").exists()
        secret = tmp_path / "data" / "secret_key"
        assert secret.exists() and oct(secret.stat().st_mode)[-3:] == "600"
    finally:
        server.terminate()
        server.wait(timeout=30)
