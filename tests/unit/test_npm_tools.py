"""The npm packages the tests use: one list with exact versions, one installer, no npm manifest or lock file
in the repository (decisions item 9)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import npm_tools

REPO = Path(__file__).resolve().parents[2]
EXACT = re.compile(r"\d+\.\d+\.\d+")


def test_every_npm_test_tool_is_pinned_to_an_exact_version_in_the_one_list() -> None:
    pins = npm_tools.pinned()
    assert {"axe-core", "hl7.fhir.r4b.core"} <= set(pins)
    assert all(EXACT.fullmatch(version) for version in pins.values()), pins


def test_the_repository_keeps_no_npm_manifest_or_lock_file() -> None:
    tracked = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True).stdout.split()
    names = {Path(path).name for path in tracked}
    assert not names & {"package.json", "package-lock.json", "npm-shrinkwrap.json"}


def test_no_test_installs_npm_packages_but_the_one_installer() -> None:
    """A second installer would fetch into its own folder, from its own list (as the FHIR schema once did)."""
    calls = [path.relative_to(REPO) for path in (REPO / "tests").rglob("*.py")
             if path != Path(__file__) and '"npm", "install"' in path.read_text(encoding="utf-8")]
    assert calls == [Path("tests/npm_tools.py")]
