"""The clinic re-screen job end to end on a fresh SQLite database, in its own processes (`bench/rescreen.py` starts it).

Not timed: a temporary database, 100 000 clients of one clinic stored in bulk with the answer
and reasons the clinic's own path would have stored (the population of `rescreen_population`),
then the clinic sets a policy and the re-screen is queued as the policy page queues it
(`rescreen_jobs.queue_rescreen`: a `RescreenRun` and a task on the database queue), and a copy
of the database file is kept. Timed: the worker taking that task and running it to its end,
`RUNS` times, each in a new process on the database as copied, as `mesoplan worker` runs it
(the knowledge base and the code loaded before the clock starts, as a waiting worker has them):
the run marked running, the clients read, screened and planned, each batch of clients written
in its own transaction with its before → after rows and the progress, the run and the task
marked done, the audit event. The median run is the figure. Prints one JSON document.

Setup shortcut, said plainly: a stored plan is made only for the clients the policy reaches
(whose intake names isotretinoin); the others get their real screening digests and a
placeholder plan digest. The re-screen never reads those clients' plans (the policy cannot
change them), so the timed part is the same; making 60 000 more plans would only make the
setup a minute longer.

Calibration (decisions.md, item 13): in each run's process, before the job, the same client
rows read with one plain query (no screening, no Django models): a slow disk or a busy
machine shows in it as much as in the job.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from rescreen_population import Population, duplicate_share  # bench/ is on the path: this file is run as a script

CLIENTS = int(os.environ.get("MESOPLAN_BENCH_CLIENTS", "100000"))  # fewer only to try the script out
TAKEN_ON = date(2026, 11, 1)  # the day every intake was taken; starts fall from 2 November on
# One rule, as a clinic would change it: the isotretinoin wash-out from the label's 6 months to 9.
POLICY = {"washouts": {"isotretinoin_washout": {"amount": 9, "unit": "months"}}}
RUNS = 5
PLAIN_READ = ("SELECT id, organisation_id, intake, intake_taken_on, verdict, earliest_start, reasons_digest, "
              "plan_digest, knowledge_version, policy_version FROM clinic_client ORDER BY id")


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--run":
        _one_run(sys.argv[2])
        return
    folder = tempfile.mkdtemp(prefix="mesoplan-bench-")
    try:
        print(json.dumps(_measure(folder)))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _measure(folder: str) -> dict[str, Any]:
    _setup_django(folder)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from mesoplan.web.clinic import policies
    from mesoplan.web.clinic.models import Organisation
    from mesoplan.web.clinic.rescreen_jobs import queue_rescreen

    clinic = Organisation.objects.create(name="Bench clinic")
    data = _store_clients(clinic)
    policies.set_policy(clinic, POLICY, None)
    queue_rescreen(clinic, None)
    database = Path(folder, "mesoplan.sqlite3")
    kept = _keep(database)
    runs = []
    for _ in range(RUNS):
        _restore(kept, database)
        # Each run in a new process, as the worker is: not in this one, which still holds the
        # whole population it stored.
        done = subprocess.run([sys.executable, __file__, "--run", folder], check=True, capture_output=True, text=True)
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    report = sorted(runs, key=lambda run: run["seconds"])[len(runs) // 2]  # the median run
    assert len({(r["changed"], r["change_rows"], r["planned"]) for r in runs}) == 1, "every run does the same"
    return {"seconds": report["seconds"], "runs": [round(r["seconds"], 3) for r in runs],
            "plain_read": sorted(r["plain_read"] for r in runs)[len(runs) // 2],
            "clients": report["checked"], "screened": report["screened"], "distinct": report["distinct"],
            "planned": report["planned"], "changed": report["changed"], "change_rows": report["change_rows"],
            "batches": report["batches"], "failures": report["failures"], "duplicate_share": duplicate_share(data),
            "phases": report["phases"], "database_mb": kept.stat().st_size / 1e6}


def _setup_django(folder: str) -> None:
    os.environ.update(MESOPLAN_DB="sqlite", MESOPLAN_DATA=folder, DJANGO_SETTINGS_MODULE="mesoplan.web.settings")
    import django

    django.setup()


def _one_run(folder: str) -> None:
    """The worker takes the queued re-screen and runs it, timed; prints its figures as JSON."""
    _setup_django(folder)
    from django_tasks_db.management.commands.db_worker import Worker

    from mesoplan import services
    from mesoplan.web.clinic import rescreen as _loaded  # noqa: F401  # the worker has its code loaded
    from mesoplan.web.clinic.models import RescreenChange, RescreenRun
    from mesoplan.web.clinic.models.rescreen_runs import DONE
    from mesoplan.web.clinic.rescreen import WRITE_BATCH

    services.knowledge()
    plain_read = _plain_read(Path(folder, "mesoplan.sqlite3"))
    worker = Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
                    max_tasks=1, worker_id="bench-worker", excluded_queue_names=[])
    began = time.perf_counter()
    worker.run()
    seconds = time.perf_counter() - began
    run = RescreenRun.objects.get()
    assert run.status == DONE, f"the re-screen run ended {run.status}: {run.error}"
    report = run.report
    phases = {"task and run record": seconds - report["seconds"], **report["phases"]}
    print(json.dumps({"seconds": seconds, "plain_read": plain_read, "checked": run.checked, "changed": run.changed,
                      "change_rows": RescreenChange.objects.filter(run=run).count(), "failures": run.failures,
                      "screened": report["screened"], "distinct": report["distinct"], "planned": report["planned"],
                      "batches": -(-run.written // WRITE_BATCH), "phases": phases}))


def _plain_read(database: Path) -> float:
    """Seconds to read the client rows the re-screen reads with one plain query (the calibration)."""
    connection = sqlite3.connect(database)
    try:
        began = time.perf_counter()
        rows = connection.execute(PLAIN_READ).fetchall()
        seconds = time.perf_counter() - began
    finally:
        connection.close()
    assert len(rows) == CLIENTS
    return seconds


def _keep(database: Path) -> Path:
    """A copy of the database file as set up (its write-ahead log folded in first)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    kept = database.with_suffix(".kept")
    shutil.copyfile(database, kept)
    return kept


def _restore(kept: Path, database: Path) -> None:
    """The database as set up again, for the next run."""
    from django.db import connection

    connection.close()
    for leftover in (database.with_name(database.name + "-wal"), database.with_name(database.name + "-shm")):
        leftover.unlink(missing_ok=True)
    shutil.copyfile(kept, database)


def _store_clients(clinic: object) -> list[dict[str, object]]:
    """The clients with the answers and reasons the clinic's path stores, in bulk inserts; returns their intakes."""
    from mesoplan import services
    from mesoplan.core.policy import apply_policy
    from mesoplan.core.policy_parser import parse_policy
    from mesoplan.core.rescreen import policy_diff
    from mesoplan.rescreen_pool import parallel_map
    from mesoplan.web.clinic.models import Client, PlannedEvent
    from mesoplan.web.clinic.rescreen_work import Work

    kb = services.knowledge()
    data = Population(kb).intakes(CLIENTS)
    texts = [json.dumps(d) for d in data]
    keys = list(dict.fromkeys((t, TAKEN_ON) for t in texts))
    work = Work(kb)
    screened = dict(zip(keys, parallel_map(lambda part: [_answer(work, k) for k in part], keys), strict=True))
    diff = policy_diff(kb, apply_policy(kb, parse_policy(POLICY, "bench")))
    reached = [k for k in keys if diff.touches(work.read(k))]
    planned = dict(zip(reached, parallel_map(work.plan, reached), strict=True))
    rows, events = [], []
    for n, (d, text) in enumerate(zip(data, texts, strict=True)):
        (verdict, earliest, digest, reasons), p = screened[(text, TAKEN_ON)], planned.get((text, TAKEN_ON))
        rows.append(Client(organisation=clinic, name=f"Client {n}", intake=d, intake_taken_on=TAKEN_ON,
                           verdict=verdict, earliest_start=earliest, reasons_digest=digest, reasons=reasons,
                           plan_digest=p.plan_digest if p else "not-planned-in-setup",
                           knowledge_version=kb.version, policy_version=""))
    created = Client.objects.bulk_create(rows, batch_size=2000)
    for row, text in zip(created, texts, strict=True):
        p = planned.get((text, TAKEN_ON))
        events += [PlannedEvent(client=row, position=i, date=e[0], kind=e[1], title=e[2], zones=e[3])
                   for i, e in enumerate(p.rows if p else ())]
    PlannedEvent.objects.bulk_create(events, batch_size=5000)
    return data


def _answer(work: Any, key: tuple[str, date]) -> tuple[str, date | None, str, list[dict[str, Any]]]:
    """What the clinic's path stores of a screening: verdict, earliest start, reasons digest and reasons."""
    from mesoplan.core.screening import screen
    from mesoplan.web.clinic import snapshot

    result = screen(work.read(key), work.knowledge)
    return result.verdict, result.earliest_start, snapshot.reasons_digest(result), list(snapshot.reason_notes(result))


if __name__ == "__main__":
    main()
