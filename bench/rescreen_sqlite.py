"""End-to-end bulk re-screen on a fresh SQLite database, in its own process (`bench/run.py` starts it).

Not timed: a temporary database, 100 000 clients of one clinic stored in bulk with the answer
the clinic's own path would have stored (the population of `rescreen_population`), then the
clinic sets a policy, and a copy of the database file is kept. Timed: `rescreen_all()`, reading,
screening, planning and writing, `RUNS` times, each in a new process (as `mesoplan rescreen`
runs) on the database as copied (the machine's speed varies by a third from one second to
the next: the median run is the figure). Prints one JSON document with the figures.

Setup shortcut, said plainly: a stored plan is made only for the clients the policy reaches
(whose intake names isotretinoin); the others get their real screening digests and a
placeholder plan digest. The re-screen never reads those clients' plans (the
policy cannot change them), so the timed part is the same; making 60 000 more plans would
only make the setup a minute longer.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from rescreen_population import Population, duplicate_share  # bench/ is on the path: this file is run as a script

CLIENTS = 100_000
TAKEN_ON = date(2026, 11, 1)  # the day every intake was taken; starts fall from 2 November on
# One rule, as a clinic would change it: the isotretinoin wash-out from the label's 6 months to 9.
POLICY = {"washouts": {"isotretinoin_washout": {"amount": 9, "unit": "months"}}}
RUNS = 5


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--run":
        _one_run(sys.argv[2])
        return
    folder = tempfile.mkdtemp(prefix="mesoplan-bench-")
    _setup_django(folder)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from mesoplan.web.clinic import policies
    from mesoplan.web.clinic.models import Organisation

    clinic = Organisation.objects.create(name="Bench clinic")
    data = _store_clients(clinic)
    policies.set_policy(clinic, POLICY, None)
    database = Path(folder, "mesoplan.sqlite3")
    kept = _keep(database)
    runs = []
    for _ in range(RUNS):
        _restore(kept, database)
        # Each run in a new process, as `mesoplan rescreen` is: not in this one, which still
        # holds the whole population it stored.
        done = subprocess.run([sys.executable, __file__, "--run", folder], check=True, capture_output=True, text=True)
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    report = sorted(runs, key=lambda run: run["seconds"])[len(runs) // 2]  # the median run
    assert len({(tuple(r["changed_client_ids"]), r["planned"]) for r in runs}) == 1, "every run does the same"
    print(json.dumps({"seconds": report["seconds"], "runs": [round(r["seconds"], 3) for r in runs],
                      "clients": report["checked"], "screened": report["screened"], "distinct": report["distinct"],
                      "planned": report["planned"], "changed": report["changed"], "failures": len(report["failures"]),
                      "duplicate_share": duplicate_share(data), "phases": report["phases"],
                      "database_mb": database.stat().st_size / 1e6}))


def _setup_django(folder: str) -> None:
    os.environ.update(MESOPLAN_DB="sqlite", MESOPLAN_DATA=folder, DJANGO_SETTINGS_MODULE="mesoplan.web.settings")
    import django

    django.setup()


def _one_run(folder: str) -> None:
    """One timed re-screen of the database in `folder`; prints its report as JSON.

    The knowledge base is loaded before the clock starts, as a running server or the CLI
    has it loaded before it re-screens: the figure is the re-screen's own.
    """
    _setup_django(folder)
    from mesoplan import services
    from mesoplan.web.clinic.rescreen import rescreen_all

    services.knowledge()
    began = time.perf_counter()
    report = rescreen_all()
    seconds = time.perf_counter() - began
    print(json.dumps({**report.as_data(), "seconds": seconds}))


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
    """The clients with the answers the clinic's path stores, in bulk inserts; returns their intakes."""
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
    screened = dict(zip(keys, parallel_map(work.screen, keys), strict=True))
    diff = policy_diff(kb, apply_policy(kb, parse_policy(POLICY, "bench")))
    reached = [k for k in keys if diff.touches(work.read(k))]
    planned = dict(zip(reached, parallel_map(work.plan, reached), strict=True))
    rows, events = [], []
    for n, (d, text) in enumerate(zip(data, texts, strict=True)):
        s, p = screened[(text, TAKEN_ON)], planned.get((text, TAKEN_ON))
        rows.append(Client(organisation=clinic, name=f"Client {n}", intake=d, intake_taken_on=TAKEN_ON,
                           verdict=s.verdict, earliest_start=s.earliest_start, reasons_digest=s.reasons_digest,
                           plan_digest=p.plan_digest if p else "not-planned-in-setup",
                           knowledge_version=kb.version, policy_version=""))
    created = Client.objects.bulk_create(rows, batch_size=2000)
    for row, text in zip(created, texts, strict=True):
        p = planned.get((text, TAKEN_ON))
        events += [PlannedEvent(client=row, position=i, date=e[0], kind=e[1], title=e[2], zones=e[3])
                   for i, e in enumerate(p.rows if p else ())]
    PlannedEvent.objects.bulk_create(events, batch_size=5000)
    return data


if __name__ == "__main__":
    main()
