"""`mesoplan serve [--host H] [--port P]`: migrate the embedded database, then serve the web app.

It serves through WSGI with waitress in a couple of pre-forked processes (`cli/waitress_serve.py`:
each request is read whole before a thread sees it, so slow clients cannot hold the threads), not
Django's development server: what runs here is what runs anywhere. `--server gunicorn` runs the
server used before (gunicorn, threads per connection), kept to compare them (`make bench`). Beside it runs
the background worker (`mesoplan worker`: the clinic re-screen), started after the
migration and stopped when the server stops; `--no-worker` leaves it out, for a deployment of
several app servers that share one worker started on its own (README, "Several app servers").
"""

from __future__ import annotations

import gc
import os
import secrets
import subprocess
import sys
import threading
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from mesoplan.cli import waitress_serve  # the standard library only, until it serves
from mesoplan.cli.app import app


def data_folder() -> Path:
    """`MESOPLAN_DATA`, or the settings' default `<repo>/var`, found without importing the settings:
    they read the secret key when imported, which must wait until the development secret is in the
    environment (importing them first made a server without MESOPLAN_DATA use the fallback key)."""
    import mesoplan

    return Path(os.environ.get("MESOPLAN_DATA") or Path(mesoplan.__file__).resolve().parents[2] / "var")


def _data_dir() -> Path:
    from django.conf import settings

    return Path(settings.DATA_DIR)


SECRET_FILE = "secret_key"  # in the data folder: the development secret (`mesoplan restore` writes it too)


def _development_secret(data_dir: Path) -> str:
    """A random secret kept in the data folder, so logins survive a restart without a shared key."""
    path = data_dir / SECRET_FILE
    if not path.exists():
        # created readable by its owner only from the first byte on
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w", encoding="utf-8") as f:
            f.write(secrets.token_urlsafe(50))
    return path.read_text(encoding="utf-8").strip()


def prepare() -> Path:
    """Configure Django, create the data folders and bring the database up to date; returns the data folder."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mesoplan.web.settings")
    # Health records: whatever the server creates from here on (the database and its WAL, photos,
    # the worker's files) is readable by its owner only, whatever the shell's umask.
    os.umask(0o077)
    folder = data_folder()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.environ.get("MESOPLAN_ENV", "development") != "production" and not os.environ.get("MESOPLAN_SECRET_KEY"):
        os.environ["MESOPLAN_SECRET_KEY"] = _development_secret(folder)
    import django
    from django.core.management import call_command
    from django.db import connections

    from mesoplan.i18n_catalogues import compile_all

    compile_all()  # a fresh clone ships only the .po catalogues
    django.setup()
    data_dir = _data_dir()
    (data_dir / "media").mkdir(parents=True, exist_ok=True, mode=0o700)
    private_database()
    call_command("migrate", interactive=False, verbosity=0)
    connections.close_all()  # no connection may cross the fork into gunicorn's workers
    return data_dir


def private_database() -> None:
    """The SQLite file (and its WAL and shared-memory files) readable by the owner only, also when the
    data folder was made in advance and the file already exists; SQLite gives its WAL the file's mode."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3" or str(database["NAME"]) == ":memory:":
        return
    path = Path(database["NAME"])
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    for part in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if part.exists():
            part.chmod(0o600)


def _warm_up() -> None:
    """Load what requests need before gunicorn forks its workers (`preload_app`).

    Resolving one address imports the whole URLconf, and with it the JSON API and the
    knowledge base: no worker's first request pays for them, and the workers share those
    pages of memory. `gc.freeze` keeps the collector off these long-lived objects, so it
    neither scans them on every collection nor copies the shared pages by touching them.
    """
    from django.urls import get_resolver

    get_resolver().resolve("/api/health")
    gc.freeze()


class _Gunicorn:
    """A gunicorn application serving mesoplan's WSGI app with the given options."""

    def __init__(self, options: dict[str, Any]) -> None:
        from gunicorn.app.base import BaseApplication  # type: ignore[import-untyped]  # no stubs pinned

        outer = self

        class Application(BaseApplication):  # type: ignore[misc]
            def load_config(self) -> None:
                for key, value in outer.options.items():
                    self.cfg.set(key, value)

            def load(self) -> Any:
                from mesoplan.web.wsgi import application

                _warm_up()
                return application

        self.options = options
        self.application = Application()

    def run(self) -> None:
        self.application.run()


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Linux: the worker gets SIGTERM if `serve` itself is killed, so it never outlives the server."""
    waitress_serve.die_with_parent()


def start_worker(data_dir: Path) -> subprocess.Popen[bytes]:
    """`mesoplan worker` in its own process, on the same data folder and database (already migrated)."""
    env = {**os.environ, "MESOPLAN_DATA": str(data_dir)}
    # Its own session: Ctrl+C reaches the server only, which then stops the worker once (a second
    # signal would end the job in hand instead of letting it finish).
    return subprocess.Popen([sys.executable, "-m", "mesoplan.cli", "worker", "--no-migrate"], env=env,
                            start_new_session=True,
                            preexec_fn=_die_with_parent)  # before gunicorn starts any thread


def stop_worker(worker: subprocess.Popen[bytes]) -> None:
    """SIGTERM (the worker finishes the job in hand: a re-screen commits batch by batch), then wait."""
    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(timeout=60)
        except subprocess.TimeoutExpired:
            worker.kill()  # a re-screen killed here is picked up again by the next worker
            worker.wait()


class Server(StrEnum):
    waitress = "waitress"
    gunicorn = "gunicorn"


SERVER_HELP = ("waitress: reads each request whole before a thread sees it, so slow clients cannot hold the "
               "threads (cli/waitress_serve.py); gunicorn: the server before it (threads per connection).")


class WorkerClass(StrEnum):
    gthread = "gthread"
    sync = "sync"


WORKER_CLASS_HELP = ("With --server gunicorn: gthread: threads that keep connections alive (a slow client holds "
                     "only a thread); "
                     "sync: one request at a time per process, each connection closed after its answer "
                     "(the fastest under API load, and what to put behind a buffering proxy).")


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, min=1, max=65535, help="Port to listen on."),
    workers: int = typer.Option(2, min=1, max=32, help="Worker processes."),
    threads: int = typer.Option(4, min=1, max=64, help="Threads per worker process (gthread workers)."),
    worker_class: Annotated[WorkerClass, typer.Option(help=WORKER_CLASS_HELP)] = WorkerClass.gthread,
    access_log: bool = typer.Option(True, help="Log every request on standard output."),
    server: Annotated[Server, typer.Option(help=SERVER_HELP)] = Server.waitress,
    with_worker: bool = typer.Option(True, "--worker/--no-worker",
                                     help="Start the background worker beside the server (one per installation: "
                                          "leave it out on every app server but one, or run `mesoplan worker`)."),
) -> None:
    """Serve the web app (migrates the embedded database first)."""
    data_dir = prepare()
    typer.echo(f"mesoplan: data in {data_dir}; serving on http://{host}:{port}/ (Ctrl+C to stop)")
    worker = start_worker(data_dir) if with_worker else None
    if worker is not None:
        typer.echo(f"mesoplan: background worker started (pid {worker.pid})")
    try:
        if server is Server.waitress:
            _serve_waitress(host, port, workers, threads, access_log)
        else:
            _serve(host, port, workers, threads, worker_class, access_log)
    finally:
        if worker is not None:
            stop_worker(worker)


def _serve_waitress(host: str, port: int, workers: int, threads: int, access_log: bool) -> None:
    from django.conf import settings

    from mesoplan.web.wsgi import application

    _warm_up()  # loaded once before the processes fork, as gunicorn's preload_app did
    waitress_serve.serve(application, host, port, workers, threads, access_log, settings.MESOPLAN_MAX_BODY_BYTES,
                         in_each_process=_warm_up_pdf)


def _warm_up_pdf() -> None:
    """Load the PDF handout's libraries and fonts in a serving process, beside its first requests (in a
    thread of its own: requests are served meanwhile). Not before the fork: Pango and GLib are not
    made to be shared by forked processes."""
    from mesoplan.exports.pdf import warm_up

    threading.Thread(target=warm_up, name="pdf-warm-up", daemon=True).start()


def _serve(host: str, port: int, workers: int, threads: int, worker_class: WorkerClass, access_log: bool) -> None:
    _Gunicorn({
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": worker_class.value,
        # gunicorn silently turns a sync worker with threads into a gthread one
        "threads": threads if worker_class is WorkerClass.gthread else 1,
        "accesslog": "-" if access_log else None,
        "errorlog": "-",
        "loglevel": "warning",
        "timeout": 60,
        "preload_app": True,
    }).run()
