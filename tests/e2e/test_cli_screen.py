"""The `mesoplan` command, run as a person runs it: `screen` and `knowledge`, exit codes, stdout and stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from factories import CONTRACT_EXAMPLE, contract_example, intake, medication

MESOPLAN = Path(sys.executable).with_name("mesoplan")
CONTRACT_KEYS = {"verdict", "earliest_start", "reasons", "zones", "disagreements", "knowledge_version"}
REASON_KEYS = {"rule", "factor", "effect", "until", "zones", "message", "sources"}
# Optional fields the contract gained since (decisions item 10: nothing renamed or removed).
OPTIONAL_REASON_KEYS = {"grade", "note"}


def mesoplan(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed `mesoplan` script; never raises on a non-zero exit."""
    return subprocess.run([str(MESOPLAN), *args], input=stdin, capture_output=True, text=True, timeout=60,
                          check=False)


def write_yaml(folder: Path, data: dict[str, Any]) -> Path:
    path = folder / "intake.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def as_json(data: dict[str, Any]) -> str:
    return json.dumps(data, default=str)


def assert_one_error_line(run: subprocess.CompletedProcess[str]) -> str:
    """Exit 2, nothing on stdout, exactly one line on stderr (returned)."""
    assert run.returncode == 2, run.stderr
    assert run.stdout == ""
    lines = run.stderr.splitlines()
    assert len(lines) == 1, run.stderr
    return lines[0]


# -- screen: readable ------------------------------------------------------------------------


def test_screen_starts_with_the_verdict_in_plain_words() -> None:
    """The contract example's first line is the `consult` headline, and the command exits 0."""
    run = mesoplan("screen", str(CONTRACT_EXAMPLE))
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[0].startswith("SEE A DOCTOR FIRST")


def test_screen_gives_reasons_with_their_sources_and_dates() -> None:
    """The readable answer gives the isotretinoin reason with its date and its sources."""
    out = mesoplan("screen", str(CONTRACT_EXAMPLE)).stdout
    assert "until 1 February 2027" in out
    assert "sources: R10, R4, G1, G2, G3" in out


def test_screen_gives_the_needle_lengths_of_each_zone() -> None:
    """The zone table gives the eye area at most 0.25 mm, suggested 0.2 mm."""
    zone_lines = [line for line in mesoplan("screen", str(CONTRACT_EXAMPLE)).stdout.splitlines()
                  if line.strip().startswith("Around the eyes")]
    assert len(zone_lines) == 1
    assert "max 0.25, suggested 0.2" in zone_lines[0]


def test_screen_ends_with_the_not_a_doctor_line() -> None:
    """The last line says mesoplan does not replace a doctor."""
    assert "does not replace a doctor" in mesoplan("screen", str(CONTRACT_EXAMPLE)).stdout.splitlines()[-1]


def test_a_postponed_screening_says_from_which_date(tmp_path: Path) -> None:
    """Isotretinoin stopped on 1 August 2026: the headline says, in the web page's words, from when."""
    path = write_yaml(tmp_path, intake(medications=[medication("isotretinoin", stopped="2026-08-01")]))
    assert mesoplan("screen", str(path)).stdout.splitlines()[0] == (
        "NOT YET — WAIT UNTIL 1 February 2027 — Something needs time to settle first. The reasons below say what, "
        "and until when.")


# -- screen: JSON ----------------------------------------------------------------------------


def test_screen_json_prints_exactly_one_document_with_the_contract_keys() -> None:
    """`--json` prints one JSON document whose keys include every key of contract §2."""
    run = mesoplan("screen", str(CONTRACT_EXAMPLE), "--json")
    assert run.returncode == 0, run.stderr
    document = json.loads(run.stdout)  # fails on anything but exactly one document
    assert set(document) >= CONTRACT_KEYS
    assert all(REASON_KEYS <= set(reason) <= REASON_KEYS | OPTIONAL_REASON_KEYS for reason in document["reasons"])


def test_screen_json_gives_the_contract_example_figures() -> None:
    """The JSON of the contract example: consult, no earliest start, periorbital at most 0.25 mm."""
    document = json.loads(mesoplan("screen", str(CONTRACT_EXAMPLE), "--json").stdout)
    assert (document["verdict"], document["earliest_start"]) == ("consult", None)
    assert document["zones"]["periorbital"]["needle_mm"]["max"] == 0.25


def test_screen_reads_json_from_standard_input() -> None:
    """`screen -` reads the intake from stdin, and JSON gives the same answer as the YAML file."""
    from_stdin = mesoplan("screen", "-", "--json", stdin=as_json(contract_example()))
    assert from_stdin.returncode == 0, from_stdin.stderr
    assert json.loads(from_stdin.stdout) == json.loads(mesoplan("screen", str(CONTRACT_EXAMPLE), "--json").stdout)


def test_screen_reads_yaml_from_standard_input() -> None:
    """`screen -` also reads YAML from stdin."""
    run = mesoplan("screen", "-", "--json", stdin=CONTRACT_EXAMPLE.read_text(encoding="utf-8"))
    assert json.loads(run.stdout)["verdict"] == "consult"


def test_screen_reads_a_json_file(tmp_path: Path) -> None:
    """A .json intake file is read as JSON."""
    path = tmp_path / "intake.json"
    path.write_text(as_json(intake(medications=["aspirin"])), encoding="utf-8")
    assert json.loads(mesoplan("screen", str(path), "--json").stdout)["verdict"] == "caution"


# -- screen: bad input -----------------------------------------------------------------------


def test_a_bad_date_exits_2_with_one_line_naming_the_field(tmp_path: Path) -> None:
    """A stopped date of "August" exits 2 with one stderr line naming `medications[0].stopped`."""
    path = write_yaml(tmp_path, intake(medications=[{"id": "isotretinoin", "stopped": "August"}]))
    line = assert_one_error_line(mesoplan("screen", str(path)))
    assert "medications[0].stopped" in line
    assert "YYYY-MM-DD" in line


def test_a_misspelt_id_exits_2_with_the_closest_known_id(tmp_path: Path) -> None:
    """`excema` exits 2 with one line naming `conditions[0].id` and suggesting `eczema`."""
    path = write_yaml(tmp_path, intake(conditions=["excema"]))
    line = assert_one_error_line(mesoplan("screen", str(path)))
    assert "conditions[0].id" in line
    assert "did you mean: eczema" in line


def test_bad_json_input_on_stdin_exits_2_with_one_line() -> None:
    """A bad field in JSON on stdin exits 2 with one line naming `person.fitzpatrick`."""
    line = assert_one_error_line(mesoplan("screen", "-", stdin=as_json(intake(person={"fitzpatrick": 9}))))
    assert "person.fitzpatrick" in line


def test_an_unreadable_file_exits_2_with_one_line(tmp_path: Path) -> None:
    """A file that does not exist exits 2 with one line naming the intake."""
    line = assert_one_error_line(mesoplan("screen", str(tmp_path / "missing.yaml")))
    assert "missing.yaml" in line


def test_a_document_that_is_neither_json_nor_yaml_exits_2_with_one_line(tmp_path: Path) -> None:
    """Broken YAML exits 2 with one line."""
    path = tmp_path / "intake.yaml"
    path.write_text("setting: home\nzones: [forehead\n", encoding="utf-8")
    assert "not valid JSON or YAML" in assert_one_error_line(mesoplan("screen", str(path)))


def test_an_impossible_yaml_date_exits_2_with_one_line(tmp_path: Path) -> None:
    """An unquoted YAML date 2026-02-30 (no such day) exits 2 with one line, not a traceback."""
    path = tmp_path / "intake.yaml"
    path.write_text("setting: home\nstart: 2026-02-30\nzones: [forehead]\n", encoding="utf-8")
    assert_one_error_line(mesoplan("screen", str(path)))


def test_a_yaml_timestamp_never_ends_in_a_traceback(tmp_path: Path) -> None:
    """A YAML start with a time of day is either screened (exit 0) or refused in one line (exit 2)."""
    path = tmp_path / "intake.yaml"
    path.write_text("setting: home\nstart: 2026-12-01 10:00:00\n"
                    "medications: [{id: isotretinoin, stopped: 2026-08-01}]\n", encoding="utf-8")
    run = mesoplan("screen", str(path))
    assert "Traceback" not in run.stderr
    assert run.returncode in (0, 2)


# -- knowledge -------------------------------------------------------------------------------


def test_knowledge_check_passes_on_the_shipped_base() -> None:
    """`knowledge check` exits 0 and reports OK with the counts."""
    run = mesoplan("knowledge", "check")
    assert run.returncode == 0, run.stderr
    assert ": OK — " in run.stdout
    assert "88 seed facts" in run.stdout


def test_knowledge_coverage_lists_all_88_seed_facts_cited_then_the_rules_by_grade() -> None:
    """`knowledge coverage` lists every fact, `seed facts cited: 88/88`, then how the rules are graded."""
    lines = mesoplan("knowledge", "coverage").stdout.splitlines()
    assert lines[88] == "seed facts cited: 88/88"
    assert not [line for line in lines[:88] if "NOT CITED" in line]
    assert lines[89].startswith("rules by evidence grade: A ")
    assert "not graded" in lines[89]


def test_knowledge_show_lists_the_zones() -> None:
    """`knowledge show zones` lists the forehead among the zones."""
    run = mesoplan("knowledge", "show", "zones")
    assert run.returncode == 0, run.stderr
    assert any(line.split()[0] == "forehead" for line in run.stdout.splitlines())


def test_knowledge_show_an_unknown_kind_exits_2_with_the_closest_kind() -> None:
    """`knowledge show zone` exits 2 with one line suggesting `zones`."""
    assert "zones" in assert_one_error_line(mesoplan("knowledge", "show", "zone"))
