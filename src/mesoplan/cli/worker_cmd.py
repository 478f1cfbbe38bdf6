"""`mesoplan worker`: run the background jobs (the clinic re-screen, the outbox) from the database queue.

`mesoplan serve` starts one beside the web server and stops it with it; run it alone when
the web server runs elsewhere (one worker per installation). As it starts it queues again
the runs a worker stopped in the middle of, so that they finish, and starts the outbox's
periodic sending (messages a killed worker was sending are not sent again: web/outbox/sending.py).
"""

from __future__ import annotations

import typer

from mesoplan.cli.app import app


@app.command()
def worker(
    interval: float = typer.Option(1.0, min=0.05, max=60.0, help="Seconds between looks at an empty queue."),
    migrate: bool = typer.Option(True, help="Bring the database up to date first (serve has already done it)."),
) -> None:
    """Run the background jobs (the clinic re-screen, the outbox) until stopped.

    Ctrl+C or SIGTERM finishes the job in hand."""
    from django.conf import settings

    if not settings.configured:
        if migrate:
            from mesoplan.cli.serve_cmd import prepare

            prepare()
        else:
            import os

            import django

            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mesoplan.web.settings")
            django.setup()
    from django.core.management import call_command

    from mesoplan.web.clinic.import_jobs import resume_interrupted_imports
    from mesoplan.web.clinic.rescreen_jobs import resume_interrupted
    from mesoplan.web.outbox import jobs as outbox_jobs

    for run in resume_interrupted():
        typer.echo(f"mesoplan worker: re-screen {run.pk} of clinic {run.organisation_id} picked up again")
    for job in resume_interrupted_imports():
        typer.echo(f"mesoplan worker: FHIR import {job.pk} into clinic {job.organisation_id} picked up again")
    given_up = outbox_jobs.start()
    if given_up:
        typer.echo(f"mesoplan worker: {given_up} message(s) a stopped worker was sending marked failed, not resent")
    call_command("db_worker", interval=interval, reload=False, startup_delay=False, verbosity=1)
