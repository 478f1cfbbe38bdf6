"""`mesoplan rescreen [--clinic ID] [--json]`: screen every clinic client again after a knowledge or policy change.

A command-line job: each clinic's re-screen runs here, in this process, as the background
worker would run it (`clinic.rescreen_jobs.run_now`): a run on the dashboard with its
before → after rows, and an audit event.
"""

from __future__ import annotations

import typer

from mesoplan.cli.app import app, colour_allowed, fail, print_json
from mesoplan.core.i18n import N_
from mesoplan.errors import UsageError


@app.command()
def rescreen(
    clinic: int | None = typer.Option(None, "--clinic", min=1, help="Only this clinic (its id); default: all."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as one JSON document."),
) -> None:
    """Screen and plan every clinic client again; list those whose verdict, reasons or plan changed."""
    from django.conf import settings

    if not settings.configured:  # from a shell: the same database as `mesoplan serve`, brought up to date
        from mesoplan.cli.serve_cmd import prepare

        prepare()
    from mesoplan.web.clinic import rescreen_rows
    from mesoplan.web.clinic.models import Organisation
    from mesoplan.web.clinic.rescreen_jobs import run_now
    from mesoplan.web.clinic.rescreen_report import combined

    if clinic is not None:
        organisation = Organisation.objects.filter(pk=clinic).first()
        if organisation is None:
            fail(UsageError("--clinic", N_("no clinic has the id {value}"), params={"value": clinic}))
        clinics = [organisation]
    else:
        with_clients = rescreen_rows.with_intake(None).order_by().values("organisation_id")
        clinics = list(Organisation.objects.filter(pk__in=with_clients).order_by("pk"))
    report = combined([run_now(o)[1] for o in clinics])
    if as_json:
        print_json(report.as_data())
        return
    rate = report.checked / report.seconds if report.seconds else 0.0
    typer.echo(f"{report.checked} clients, {report.screened} screened ({report.distinct} distinct intakes), "
               f"{report.changed} changed, {report.planned} plans made again; "
               f"{report.seconds:.2f} s, {rate:,.0f} clients/s")
    if report.changed_client_ids:
        typer.echo("changed: " + ", ".join(str(i) for i in report.changed_client_ids))
    for client_id, field, problem in report.failures:
        typer.secho(f"client {client_id}: {field}: {problem}", fg=typer.colors.YELLOW if colour_allowed() else None,
                    err=True)
