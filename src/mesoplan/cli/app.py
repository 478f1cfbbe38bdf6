"""The Typer application and the helpers every command shares."""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

import typer

from mesoplan.core.i18n import N_
from mesoplan.errors import InputError, IntakeError, MesoplanError, UsageError

app = typer.Typer(add_completion=True, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Plan and track microneedling and mesotherapy safely.")
knowledge_app = typer.Typer(no_args_is_help=True, help="Check and explore the knowledge base.")
app.add_typer(knowledge_app, name="knowledge")

EXIT_BAD_INPUT = 2
STDOUT = "-"  # a file argument that means standard input or output


def _version(value: bool) -> None:
    if value:
        from mesoplan import __version__

        typer.echo(f"mesoplan {__version__}")
        raise typer.Exit


@app.callback()
def _options(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")) -> None:
    """Plan and track microneedling and mesotherapy safely."""


def colour_allowed() -> bool:
    """False when NO_COLOR is set to anything (https://no-color.org)."""
    return not os.environ.get("NO_COLOR")


def error_line(text: str) -> None:
    """One error line on standard error: red where the terminal shows colour and NO_COLOR is not set."""
    if colour_allowed():
        typer.secho(text, fg=typer.colors.RED, err=True)
    else:
        typer.echo(text, err=True)


ERROR = N_("error")  # the first word of the line that reports bad input


def fail(error: MesoplanError) -> NoReturn:
    """Print one line naming the field and the problem, in the chosen language, and exit 2.

    The line starts with the field's path (`medications[1].stopped`), which scripts match;
    a person then reads the field as the form names it and what is wrong.
    """
    from mesoplan import i18n

    if isinstance(error, InputError):
        label = i18n.error_label(error, i18n.gettext) if error.label is not None else ""
        problem = i18n.error_problem(error, i18n.gettext)
        named = label and label.casefold() != error.field.casefold()  # not "protocol: Protocol: …"
        text = f"{error.field}: {label}{i18n.colon()} {problem}" if named else f"{error.field}: {problem}"
    else:
        text = str(error)
    error_line(f"{i18n.gettext(ERROR)}{i18n.colon()} {text}")
    raise typer.Exit(EXIT_BAD_INPUT)


def use_language(lang: str | None) -> None:
    """Write in `--lang` if given, else in the language LANGUAGE/LC_ALL/LC_MESSAGES/LANG ask for."""
    from mesoplan import i18n

    if lang is None:
        i18n.activate(i18n.from_environment())
        return
    if i18n.shipped(lang) is None:
        fail(UsageError("--lang", N_("unknown language “{value}” (use one of: {languages})"),
                        params={"value": lang, "languages": ", ".join(i18n.SHIPPED)}))
    i18n.activate(lang)


LANG_HELP = "Language of the text: en, ru or fr (default: from LANGUAGE, LC_ALL or LANG)."


def read_document(source: str) -> Any:
    """Read JSON or YAML from a file or from standard input (`-`)."""
    import yaml

    try:
        text = sys.stdin.read() if source == STDOUT else Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError("INTAKE", N_("cannot read “{value}”: {reason}"),
                         params={"value": source, "reason": getattr(exc, "strerror", None) or exc}) from None
    try:
        return json.loads(text)
    except ValueError:
        pass
    try:
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        if mark is None:
            raise labelled(IntakeError("INTAKE", N_("this is not valid JSON or YAML"))) from None
        raise labelled(IntakeError("INTAKE", N_("this is not valid JSON or YAML (line {line})"),
                                   params={"line": mark.line + 1})) from None
    except ValueError as exc:
        # PyYAML raises a bare ValueError for an impossible date such as 2026-02-30.
        raise labelled(IntakeError("INTAKE", N_("this is not valid YAML: {reason}"),
                                   params={"reason": str(exc)})) from None


def labelled(error: IntakeError) -> IntakeError:
    """An error about the intake file as a whole, named as people call it ("The intake file")."""
    from mesoplan.core.intake_fields import LABELS

    error.label = (LABELS["INTAKE"], {})
    return error


def today() -> date:
    """The day on this machine: an answer given now cannot be dated after it (a last dose in the future)."""
    return date.today()


def print_json(data: Any) -> None:
    """Exactly one JSON document on standard output."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
