"""`mesoplan serve`'s server: waitress, in a few pre-forked processes sharing one listening socket.

Why waitress: its one I/O thread per process reads every request whole (headers, then the body,
spooled to a temporary file past 512 kB) before a worker thread sees it, so a client that sends
slowly holds a socket, never a thread. With gunicorn's threads, 32 clients trickling their headers
held every thread and `/api/health` stopped answering. Each process is one waitress server with
its own I/O loop (poll, not select, so beyond 1 024 sockets) and `threads` worker threads; the
processes share the socket the parent bound, as gunicorn's workers did, to use every core.

Limits: a body declared over the 10 MB cap is refused by waitress itself from its headers (413,
in the API's JSON on `/api/`), so nothing reads it; a chunked body is read up to the cap and
then handed over with its length; a connection idle for 30 s is closed; at most 1 000 open
connections per process (past that, new ones wait in the kernel's backlog).
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import socket
import sys
import time
from collections.abc import Callable, Iterable
from typing import Any

IDLE_TIMEOUT_SECONDS = 30
CONNECTIONS_PER_PROCESS = 1000
HEADER_BYTES = 64 * 1024
API_TOO_LARGE = "the request body is too large: at most {limit} MB"

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


def die_with_parent() -> None:
    """Linux: this process gets SIGTERM when its parent ends, however it ended (even killed with -9)."""
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def _raise_open_file_limit(wanted: int) -> None:
    """Each connection is a file descriptor: allow enough of them (up to the hard limit)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


def _with_access_log(app: WsgiApp) -> WsgiApp:
    """One line per request on standard output: method, path, status."""

    def logged(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            sys.stdout.write(f'{environ.get("REMOTE_ADDR", "-")} "{environ["REQUEST_METHOD"]} '
                             f'{environ.get("PATH_INFO", "")}" {status.split(" ", 1)[0]}\n')
            sys.stdout.flush()
            return start_response(status, headers, exc_info)

        return app(environ, start)

    return logged


def _json_refusals(max_body_bytes: int) -> type:
    """waitress's channel whose 413 (a body declared over the cap) is the API's JSON error on `/api/`."""
    from waitress.channel import HTTPChannel  # type: ignore[import-untyped]  # no stubs published
    from waitress.task import ErrorTask  # type: ignore[import-untyped]
    from waitress.utilities import RequestEntityTooLarge  # type: ignore[import-untyped]

    class ApiErrorTask(ErrorTask):  # type: ignore[misc]
        def execute(self) -> None:
            if not (isinstance(self.request.error, RequestEntityTooLarge)
                    and str(self.request.path).startswith("/api/")):
                super().execute()
                return
            body = json.dumps({"error": API_TOO_LARGE.format(limit=max_body_bytes // 1_000_000), "field": None,
                               "suggestions": []}).encode()
            self.status = "413 Request Entity Too Large"
            self.response_headers.append(("Content-Type", "application/json"))
            self.set_close_on_finish()
            self.content_length = len(body)
            self.write(body)

    class Channel(HTTPChannel):  # type: ignore[misc]
        error_task_class = ApiErrorTask

    return Channel


def _serve_in_this_process(app: WsgiApp, listener: socket.socket, threads: int, max_body_bytes: int) -> None:
    from waitress import create_server  # type: ignore[import-untyped]  # no stubs published

    server = create_server(
        app, sockets=[listener], threads=threads,
        # the cap itself is allowed; waitress refuses from `max_request_body_size` on
        max_request_body_size=max_body_bytes + 1, max_request_header_size=HEADER_BYTES,
        channel_timeout=IDLE_TIMEOUT_SECONDS, cleanup_interval=5, connection_limit=CONNECTIONS_PER_PROCESS,
        asyncore_use_poll=True, ident="mesoplan",
        # X-Forwarded-* are Django's to trust or not (MESOPLAN_BEHIND_PROXY); waitress would drop them
        clear_untrusted_proxy_headers=False,
    )
    server.channel_class = _json_refusals(max_body_bytes)

    def stop(signum: int, frame: Any) -> None:
        raise SystemExit(0)  # waitress's loop then lets the threads finish the requests in hand

    signal.signal(signal.SIGTERM, stop)
    server.run()


def serve(app: WsgiApp, host: str, port: int, workers: int, threads: int, access_log: bool,
          max_body_bytes: int, in_each_process: Callable[[], None] | None = None) -> None:
    """Bind, fork `workers` processes serving `app`, and keep them running until SIGTERM or Ctrl+C.
    `in_each_process` runs in each forked process before it serves (what must not be shared across a fork)."""
    _raise_open_file_limit(CONNECTIONS_PER_PROCESS * 2 + 64)
    listener = socket.create_server((host, port), family=socket.AF_INET6 if ":" in host else socket.AF_INET,
                                    backlog=2048)
    listener.setblocking(False)
    if access_log:
        app = _with_access_log(app)
    children: set[int] = set()
    stopping = False
    parent = os.getpid()

    def spawn() -> None:
        pid = os.fork()
        if pid == 0:  # the child: serve until told to stop, then leave without running the parent's cleanup
            # Not the parent's handlers (they would swallow a stop meant for this process): until it serves,
            # SIGTERM ends it outright, then waitress's loop ends gracefully on it.
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.default_int_handler)
            code = 0
            die_with_parent()  # a parent killed with -9 must not leave its processes holding the port
            if os.getppid() != parent:
                os._exit(0)
            try:
                if in_each_process is not None:
                    in_each_process()
                _serve_in_this_process(app, listener, threads, max_body_bytes)
            except BaseException:  # a child must never return into the parent's code
                code = 1
            os._exit(code)
        children.add(pid)

    def stop(signum: int, frame: Any) -> None:
        nonlocal stopping
        stopping = True  # the loop below passes it on to every child, also one forked while this ran

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for _ in range(workers):
        if not stopping:
            spawn()
    told: set[int] = set()
    while children:
        if stopping:
            for pid in children - told:
                _signal(pid, signal.SIGTERM)
                told.add(pid)
        time.sleep(0.2)  # only our own processes are waited for: `serve`'s background worker is another child
        for pid in list(children):
            if os.waitpid(pid, os.WNOHANG)[0] == pid:
                children.discard(pid)
                if not stopping:
                    spawn()  # a process that died is replaced; the others kept serving meanwhile
    listener.close()


def _signal(pid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # it ended already
        os.kill(pid, signum)
