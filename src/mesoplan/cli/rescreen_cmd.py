"""`mesoplan rescreen [--clinic ID] [--json]`: screen every clinic client again after a knowledge or policy change."""

from __future__ import annotations

import typer

from mesoplan.cli.app import app, fail, print_json
from mesoplan.errors import IntakeError


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
    from mesoplan.web.clinic.models import Organisation
    from mesoplan.web.clinic.rescreen import rescreen_all

    organisation = None
    if clinic is not None:
        organisation = Organisation.objects.filter(pk=clinic).first()
        if organisation is None:
            fail(IntakeError("--clinic", f"no clinic has the id {clinic}"))
    report = rescreen_all(organisation)
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
        typer.secho(f"client {client_id}: {field}: {problem}", fg=typer.colors.YELLOW, err=True)
