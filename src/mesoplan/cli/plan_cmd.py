"""`mesoplan plan INTAKE [--protocol ID] [--json] [--ics FILE|-] [--pdf FILE|-]` and `mesoplan protocols [--json]`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from mesoplan.cli.app import LANG_HELP, STDOUT, app, fail, print_json, read_document, today, use_language
from mesoplan.core.i18n import N_
from mesoplan.errors import MesoplanError, UsageError


@app.command()
def plan(
    intake: str = typer.Argument(..., metavar="INTAKE", help="Intake file (JSON or YAML), or - for stdin."),
    protocol: str | None = typer.Option(None, "--protocol", metavar="ID",
                                        help="Follow this protocol (see `mesoplan protocols`)."),
    as_json: bool = typer.Option(False, "--json", help="Print the plan as one JSON document."),
    ics: Annotated[str | None, typer.Option("--ics", metavar="FILE",
                                            help="Also write the plan as a calendar (.ics); - for stdout.")] = None,
    pdf: Annotated[str | None, typer.Option("--pdf", metavar="FILE",
                                            help="Also write a printable handout (.pdf); - for stdout.")] = None,
    lang: str | None = typer.Option(None, "--lang", metavar="LANG", help=LANG_HELP),
) -> None:
    """Plan the course: dated preparation, sessions, aftercare, check-ins and maintenance."""
    from mesoplan import services

    use_language(lang)
    to_stdout = [option for option, target in (("--ics", ics), ("--pdf", pdf)) if target == STDOUT]
    try:
        if len(to_stdout) > 1 or (to_stdout and as_json):
            taken = [*to_stdout, *(["--json"] if as_json else [])]
            raise UsageError(to_stdout[-1], N_("only one of {options} can write to standard output"),
                             params={"options": " and ".join(taken)})
        parsed = services.parse_new_intake(read_document(intake), today())
        result = services.plan_intake(parsed, protocol)
        kb = services.knowledge()
        if ics is not None:
            from mesoplan.exports.ical import intake_person_key, plan_to_ics

            _write(ics, plan_to_ics(result, kb, person=intake_person_key(parsed)), "--ics")
        if pdf is not None:
            from mesoplan.exports.pdf import plan_to_pdf

            _write(pdf, plan_to_pdf(result, kb), "--pdf")
    except MesoplanError as error:
        fail(error)
    if to_stdout:
        return  # standard output holds the calendar or the handout, nothing else
    if as_json:
        from mesoplan.core.serialize import plan_data

        print_json(plan_data(result, kb))
    else:
        from mesoplan.cli.plan_render import render_plan

        typer.echo(render_plan(result, kb))


def _write(target: str, data: bytes, option: str) -> None:
    """Write an export to a file, or to standard output for `-`; a path that cannot be written is a
    usage error naming the option."""
    if target == STDOUT:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        Path(target).write_bytes(data)
    except OSError as exc:
        raise UsageError(option, N_("cannot write '{value}': {reason}"),
                         params={"value": target, "reason": exc.strerror or str(exc)}) from None
    typer.echo(f"wrote {target}", err=True)


@app.command()
def protocols(as_json: bool = typer.Option(False, "--json", help="Print the protocols as one JSON document.")) -> None:
    """List the protocols a plan can follow: id, setting, title and sources."""
    from mesoplan import services
    from mesoplan.i18n import _

    rows = services.protocols()
    if as_json:
        print_json(rows)
        return
    for row in rows:
        default = "" if row["default"] else "  " + _("(only when asked for)")
        typer.echo(f"{row['id']:30} {row['setting']:7} {_(row['title'])}{default}")
        typer.echo(f"{'':38} {_('sources')}: {', '.join(row['sources'])}")
