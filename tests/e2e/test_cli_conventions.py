"""The conventions of a command-line tool: `--version`, NO_COLOR, `-` for standard output, usage errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factories import CONTRACT_EXAMPLE
from mesoplan import __version__
from mesoplan.cli import app
from mesoplan.cli.app import read_document
from mesoplan.errors import IntakeError, UsageError

MESOPLAN = Path(sys.executable).with_name("mesoplan")
RED = "\x1b[31m"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run the installed script; never raises on a non-zero exit."""
    return subprocess.run([str(MESOPLAN), *args], capture_output=True, timeout=120, check=False, cwd=cwd)


def test_version_prints_the_package_version() -> None:
    done = run("--version")
    assert done.returncode == 0
    assert done.stdout.decode().strip() == f"mesoplan {__version__}"


def test_the_calendar_goes_to_standard_output_with_ics_dash(tmp_path: Path) -> None:
    """`--ics -` writes the calendar, and only it, to standard output; no file named `-` appears."""
    done = run("plan", str(CONTRACT_EXAMPLE), "--ics", "-", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"BEGIN:VCALENDAR") and done.stdout.rstrip().endswith(b"END:VCALENDAR")
    assert not (tmp_path / "-").exists()


def test_the_handout_goes_to_standard_output_with_pdf_dash(tmp_path: Path) -> None:
    done = run("plan", str(CONTRACT_EXAMPLE), "--pdf", "-", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"%PDF-")
    assert not (tmp_path / "-").exists()


def test_two_documents_for_standard_output_are_a_usage_error() -> None:
    """`--ics - --json` would mix a calendar and JSON: one line naming the option, exit 2, nothing written."""
    done = run("plan", str(CONTRACT_EXAMPLE), "--ics", "-", "--json")
    assert done.returncode == 2 and done.stdout == b""
    [line] = done.stderr.decode().splitlines()
    assert line.startswith("error: --ics: only one of --ics and --json")


@pytest.mark.parametrize("no_color", ["1", "yes"])
def test_the_error_line_has_no_colour_when_no_color_is_set(no_color: str) -> None:
    """https://no-color.org: any non-empty NO_COLOR turns colour off, even where the terminal shows it."""
    result = CliRunner().invoke(app, ["knowledge", "show", "zonez"], color=True, env={"NO_COLOR": no_color})
    assert result.exit_code == 2
    assert "error: KIND: unknown kind 'zonez'" in result.stderr
    assert "\x1b[" not in result.stderr


def test_the_error_line_is_red_where_colour_is_allowed() -> None:
    result = CliRunner().invoke(app, ["knowledge", "show", "zonez"], color=True, env={"NO_COLOR": ""})
    assert result.exit_code == 2 and RED in result.stderr


def test_a_file_that_cannot_be_read_is_a_usage_error_not_an_intake_error(tmp_path: Path) -> None:
    """The intake is fine or not once read; a missing file is a mistake in calling the command."""
    with pytest.raises(UsageError) as caught:
        read_document(str(tmp_path / "missing.yaml"))
    assert caught.value.field == "INTAKE" and not isinstance(caught.value, IntakeError)


def test_an_unknown_language_is_a_usage_error_naming_lang() -> None:
    result = CliRunner().invoke(app, ["screen", str(CONTRACT_EXAMPLE), "--lang", "de"], env={"NO_COLOR": "1"})
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --lang: unknown language “de”")


def test_shell_completion_is_offered(tmp_path: Path) -> None:
    """`--show-completion bash` prints the script a shell sources; completing `knowledge s` offers `show`."""
    done = run("--show-completion", "bash")
    assert done.returncode == 0 and b"_mesoplan_completion()" in done.stdout
    env = {"_MESOPLAN_COMPLETE": "complete_bash", "COMP_WORDS": "mesoplan knowledge s", "COMP_CWORD": "2",
           "PATH": "/usr/bin:/bin", **{k: v for k, v in os.environ.items() if k == "PYTHONPATH"}}
    completed = subprocess.run([str(MESOPLAN)], env=env, capture_output=True, timeout=60, check=False, cwd=tmp_path)
    assert completed.stdout.split() == [b"show"]
