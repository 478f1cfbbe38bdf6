"""`mesoplan screen INTAKE [--json]`."""

from __future__ import annotations

import typer

from mesoplan.cli.app import LANG_HELP, app, fail, print_json, read_document, today, use_language
from mesoplan.cli.render import render_screening
from mesoplan.errors import MesoplanError


@app.command()
def screen(
    intake: str = typer.Argument(..., metavar="INTAKE", help="Intake file (JSON or YAML), or - for stdin."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as one JSON document."),
    lang: str | None = typer.Option(None, "--lang", metavar="LANG", help=LANG_HELP),
) -> None:
    """Screen an intake: the verdict for the person and each zone, with reasons and sources."""
    from mesoplan import services

    use_language(lang)
    try:
        data = read_document(intake)
        result = services.screen_intake(services.parse_new_intake(data, today()))
    except MesoplanError as error:
        fail(error)
    if as_json:
        from mesoplan.core.serialize import screening_data

        print_json(screening_data(result, services.knowledge()))
    else:
        typer.echo(render_screening(result, services.knowledge()))
