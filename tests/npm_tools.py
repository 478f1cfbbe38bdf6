"""The npm packages the tests use (tests/npm-tools.txt), installed on first need by the test setup.

`npm install --no-save --no-package-lock` into .npm-tools/ at the repository root (gitignored), as
decisions item 9 says: no package.json, no lock file in the repository; npm's own configuration says
where the registry is. A package already there at its pinned version is not fetched again.
`python tests/npm_tools.py` installs them all ahead of a run.
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
    """Install every listed package not yet present at its pinned version."""
    missing = [f"{name}@{version}" for name, version in pinned().items() if _installed_version(name) != version]
    if missing:
        PREFIX.mkdir(exist_ok=True)
        subprocess.run(["npm", "install", "--no-save", "--no-package-lock", "--no-audit", "--no-fund",
                        "--prefix", str(PREFIX), *missing], check=True, cwd=PREFIX)


def package_dir(name: str) -> Path:
    """The folder of an installed npm package, installing the listed ones first if needed."""
    if name not in pinned():
        raise KeyError(f"{name} is not listed in {LIST.name}")
    ensure_installed()
    return PREFIX / "node_modules" / name


if __name__ == "__main__":
    ensure_installed()
