"""The API as `mesoplan serve` runs it (waitress; and gunicorn, the server before it, still selectable): JSON
answers, the schema, the docs' own files, bodies refused from their headers, slow clients that hold nothing."""

from __future__ import annotations

import http.client
import json
import os
import socket
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from migrated import MigratedSqlite
from served import serving

SERVERS = {"waitress": ("--server", "waitress"), "gunicorn": ("--server", "gunicorn", "--worker-class", "gthread")}


@pytest.fixture(scope="module", params=list(SERVERS))
def server(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def served(server: str, tmp_path_factory: pytest.TempPathFactory, migrated_sqlite: MigratedSqlite) -> Iterator[str]:
    """The base URL of a fresh `mesoplan serve` on 127.0.0.1, with each server: one per server for the module,
    on a data folder of its own that holds a copy of the run's migrated database."""
    data = tmp_path_factory.mktemp("data")
    migrated_sqlite.copy_to(data)
    env = {**os.environ, "MESOPLAN_DATA": str(data), "MESOPLAN_DB": "sqlite"}
    env.pop("MESOPLAN_SECRET_KEY", None)
    with serving(env, *SERVERS[server]) as base:
        yield base


def _call(url: str, body: Any = None) -> tuple[int, dict[str, str], bytes]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_the_server_serves_the_health_check(served: str, server: str) -> None:
    status, headers, body = _call(f"{served}/api/health")
    assert (status, json.loads(body)) == (200, {"status": "ok"})
    assert headers["Server"].lower() == "mesoplan" if server == "waitress" else "gunicorn" in headers["Server"].lower()


def test_the_server_serves_a_screening_and_a_bad_intake_as_json(served: str) -> None:
    status, _headers, body = _call(f"{served}/api/screen", {"setting": "home", "start": "2030-01-01",
                                                            "zones": ["cheeks"]})
    assert status == 200 and json.loads(body)["verdict"] in ("go", "caution")
    status, _headers, body = _call(f"{served}/api/screen", {"setting": "home", "start": "2030-01-01",
                                                            "zones": ["cheks"]})
    assert status == 422 and json.loads(body)["field"] == "zones[0]"


def test_the_schema_and_the_docs_files_are_served_without_any_other_host(served: str) -> None:
    status, _headers, body = _call(f"{served}/api/openapi.json")
    assert status == 200 and json.loads(body)["info"]["title"] == "mesoplan"
    status, _headers, page = _call(f"{served}/api/docs")
    assert status == 200 and b"https://" not in page
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "swagger-ui-init.js"):
        assert _call(f"{served}/static/ninja/{asset}")[0] == 200


def test_a_body_declared_over_10_mb_is_refused_413_without_being_sent(served: str) -> None:
    """Only the headers go out: the server answers on the declared length, before any body arrives."""
    host, port = served.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.putrequest("POST", "/api/screen")
        connection.putheader("Content-Type", "application/json")
        connection.putheader("Content-Length", "11000000")
        connection.endheaders()
        response = connection.getresponse()
        assert response.status == 413
        assert json.loads(response.read())["error"].startswith("the request body is too large")
    finally:
        connection.close()


def test_served_pages_carry_the_content_security_policy(served: str) -> None:
    with urllib.request.urlopen(f"{served}/", timeout=10) as response:
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_a_streamed_body_without_a_length_is_refused_411_by_gunicorn_and_read_up_to_the_cap_by_waitress(
        served: str, server: str) -> None:
    """gunicorn would hand a worker the stream itself, so it is refused; waitress reads it whole first (never more
    than the cap) and hands it over with its length."""
    host, port = served.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("POST", "/api/screen", body=iter([b'{"setting": "home", "start": "2030-01-01", ',
                                                              b'"zones": ["cheeks"]}']),
                           headers={"Content-Type": "application/json"}, encode_chunked=True)
        response = connection.getresponse()
        if server == "gunicorn":
            assert response.status == 411
            assert "Content-Length" in json.loads(response.read())["error"]
        else:
            assert response.status == 200 and json.loads(response.read())["verdict"] in ("go", "caution")
    finally:
        connection.close()


@pytest.fixture(scope="module")
def served_by_default(tmp_path_factory: pytest.TempPathFactory, migrated_sqlite: MigratedSqlite) -> Iterator[str]:
    """`mesoplan serve` with no choice of server: as `make run` serves."""
    data = tmp_path_factory.mktemp("data")
    migrated_sqlite.copy_to(data)
    env = {**os.environ, "MESOPLAN_DATA": str(data), "MESOPLAN_DB": "sqlite"}
    env.pop("MESOPLAN_SECRET_KEY", None)
    with serving(env) as base:
        yield base


def test_clients_trickling_their_headers_do_not_stop_the_health_check(served_by_default: str) -> None:
    """64 connections that never finish their headers (gunicorn, with its 4 threads here, then answered none):
    the server reads them in its I/O loop, no thread waits for them, and the health check answers every time."""
    host, port = served_by_default.removeprefix("http://").split(":")
    slow = [socket.create_connection((host, int(port)), timeout=10) for _ in range(64)]
    try:
        for connection in slow:
            connection.sendall(b"GET /api/health HTTP/1.1\r\nHost: localhost\r\n")
        for _ in range(5):
            assert _call(f"{served_by_default}/api/health")[0] == 200
            for connection in slow:
                connection.sendall(b"X-Trickle: 1\r\n")
    finally:
        for connection in slow:
            connection.close()
