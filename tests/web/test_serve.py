"""`mesoplan serve`: migrates the embedded database, then serves through waitress (WSGI) in pre-forked processes."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from migrated import MigratedSqlite
from served import MESOPLAN, free_port


def test_serve_is_a_command_of_the_cli() -> None:
    result = subprocess.run([MESOPLAN, "serve", "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert "--host" in result.stdout and "--port" in result.stdout


def test_serve_migrates_a_fresh_data_folder_and_answers_on_the_port(tmp_path: Path) -> None:
    """As `make run` on a fresh machine: empty data folder → migrated SQLite file, home page on HTTP, via waitress."""
    port = free_port()
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
        assert server_header == "mesoplan"  # waitress, as configured in cli/waitress_serve.py
        assert (tmp_path / "data" / "mesoplan.sqlite3").exists()
        secret = tmp_path / "data" / "secret_key"
        assert secret.exists() and oct(secret.stat().st_mode)[-3:] == "600"
    finally:
        server.terminate()
        server.wait(timeout=30)


def _serving_processes(server: int, worker: int) -> list[int]:
    """The server's own children other than the background worker: its forked serving processes."""
    for _ in range(600):
        children = [int(pid) for pid in Path(f"/proc/{server}/task/{server}/children").read_text().split()]
        serving = [pid for pid in children if pid != worker]
        if serving:
            return serving
        time.sleep(0.1)
    raise AssertionError("no serving process started")


def _gone(pid: int) -> bool:
    """Whether the process has ended (a zombie waiting to be reaped counts as ended)."""
    for _ in range(600):
        try:
            state = Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0]
        except (FileNotFoundError, ProcessLookupError):
            return True
        if state == "Z":
            return True
        time.sleep(0.1)
    return False


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL], ids=["stopped", "killed"])
def test_serve_starts_the_background_worker_beside_it_and_it_ends_with_the_server(
        tmp_path: Path, stop: signal.Signals, migrated_sqlite: MigratedSqlite) -> None:
    """As `make run` on a machine that ran it before: the re-screen's worker runs while the server does, and
    never outlives it."""
    migrated_sqlite.copy_to(tmp_path / "data")
    env = {**os.environ, "MESOPLAN_DATA": str(tmp_path / "data"), "MESOPLAN_DB": "sqlite"}
    env.pop("MESOPLAN_SECRET_KEY", None)
    server = subprocess.Popen([MESOPLAN, "serve", "--port", str(free_port()), "--workers", "1"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert server.stdout is not None
        line = ""
        for line in server.stdout:
            if "background worker started" in line:
                break
        worker = int(line.rsplit("pid ", 1)[1].rstrip(")\n"))
        command = Path(f"/proc/{worker}/cmdline").read_bytes().split(b"\0")
        assert b"mesoplan.cli" in command and b"worker" in command
        serving = _serving_processes(server.pid, worker)
        server.send_signal(stop)
        server.wait(timeout=60)
        assert _gone(worker)
        assert all(_gone(pid) for pid in serving)  # the processes serving the port end with it too
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


def test_each_serving_process_loads_the_pdf_libraries_before_anyone_asks_for_a_pdf(tmp_path: Path) -> None:
    """The first PDF a fresh process renders no longer pays for loading the fonts and the handout's template
    (issue 12: a first click was slow): each serving process renders one beside its first requests."""
    env = {**os.environ, "MESOPLAN_DATA": str(tmp_path / "data"), "MESOPLAN_DB": "sqlite"}
    env.pop("MESOPLAN_SECRET_KEY", None)
    server = subprocess.Popen([MESOPLAN, "serve", "--port", str(free_port()), "--workers", "1"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert server.stdout is not None
        line = ""
        for line in server.stdout:
            if "background worker started" in line:
                break
        worker = int(line.rsplit("pid ", 1)[1].rstrip(")\n"))
        for _ in range(600):  # no request sent: the process loads them on its own
            serving = _serving_processes(server.pid, worker)
            if all(".ttf" in _maps(pid) for pid in serving):  # the handout's font, opened by a render
                break
            time.sleep(0.1)
        else:
            raise AssertionError("a serving process did not render its first PDF on its own")
        assert ".ttf" not in _maps(server.pid)  # the parent renders none: nothing of it shared across the fork
    finally:
        server.terminate()
        server.wait(timeout=30)


def _maps(pid: int) -> str:
    """The libraries a process has mapped ("" once it has ended)."""
    try:
        return Path(f"/proc/{pid}/maps").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return ""
