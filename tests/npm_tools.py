"""The one installer of the npm packages the tests use (tests/npm-tools.txt, the one list).

`npm install --no-save --no-package-lock` into .npm-tools/ at the repository root (gitignored), as
decisions item 9 says: no package.json, no lock file in the repository; npm's own configuration says
where the registry is. Nothing is fetched while every listed package is there at its pinned version.
`make npm-tools` (`python3 tests/npm_tools.py`) installs them ahead of a run; a test that needs one
(`package_dir`) installs what is missing itself, so a single test file runs from a fresh clone too.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LIST = Path(__file__).with_name("npm-tools.txt")
PREFIX = REPO / ".npm-tools"


def pinned() -> dict[str, str]:
    """Name → exact version, from tests/npm-tools.txt (`name@version` a line; `#` starts a comment)."""
    pins: dict[str, str] = {}
    for line in LIST.read_text(encoding="utf-8").splitlines():
        spec = line.split("#")[0].strip()
        if spec:
            name, _, version = spec.rpartition("@")  # rpartition: scoped names (@hl7/...) start with "@"
            pins[name] = version
    return pins


def _installed_version(name: str) -> str | None:
    manifest = PREFIX / "node_modules" / name / "package.json"
    if not manifest.is_file():
        return None
    return str(json.loads(manifest.read_text(encoding="utf-8")).get("version"))


def ensure_installed() -> None:
    """Install the listed packages when one is missing or at another version.

    All of them in one command: with no package.json, `npm install --no-save X` removes every package
    it was not asked for, so installing only the missing one would remove the others."""
    pins = pinned()
    if any(_installed_version(name) != version for name, version in pins.items()):
        PREFIX.mkdir(exist_ok=True)
        subprocess.run(["npm", "install", "--no-save", "--no-package-lock", "--no-audit", "--no-fund",
                        "--prefix", str(PREFIX), *(f"{name}@{version}" for name, version in pins.items())],
                       check=True, cwd=PREFIX, timeout=600)


def package_dir(name: str) -> Path:
    """The folder of an installed npm package, installing the listed ones first if needed."""
    if name not in pinned():
        raise KeyError(f"{name} is not listed in {LIST.name}")
    ensure_installed()
    return PREFIX / "node_modules" / name


if __name__ == "__main__":
    ensure_installed()
