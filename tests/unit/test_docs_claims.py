"""What the docs say about the code and the tree, checked where a check is cheap: the layer order
against import-linter's contract, the file list of the README against the package, and every file
a doc names against the repository."""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "src" / "mesoplan"
DOCS = [REPO / "README.md", REPO / "CONTRIBUTING.md", *sorted((REPO / "docs").glob("*.md"))]
# Paths outside this repository that the docs rightly name.
OUTSIDE = ("shared/", ".venv/", "node_modules/")
NAMED = re.compile(r"`([\w./-]+\.(?:py|yaml|md|toml|txt|html|css|cfg)|[\w.-]+(?:/[\w.-]+)+/?)`")


def repository_files() -> list[str]:
    listed = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True).stdout.split()
    return listed + [str(p.relative_to(REPO)) for p in REPO.glob("src/mesoplan/**/*") if p.is_file()]


def test_the_layer_order_of_the_architecture_page_is_import_linters() -> None:
    """architecture.md's "`cli` → `web` → … → `core`" is the layers contract of pyproject.toml."""
    contracts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    layers = next(c["layers"] for c in contracts["contracts"] if c["type"] == "layers")
    text = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("`cli` →"))
    assert ["mesoplan." + name for name in re.findall(r"`(\w+)`", line.split(";")[0])] == layers


def test_the_readme_tree_lists_every_folder_of_the_package_and_only_what_exists() -> None:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = text[text.index("src/mesoplan/\n"):].split("```")[0]
    listed = {word for word in (line.split()[0] for line in block.splitlines()[1:] if line.startswith("  ")
                                and line.split()) if word.endswith(("/", ".py"))}
    folders = {f"{p.name}/" for p in PACKAGE.iterdir() if p.is_dir() and not p.name.startswith("__")}
    assert folders <= listed
    assert all((PACKAGE / name).exists() for name in listed)


@pytest.mark.parametrize("doc", [d for d in DOCS if d.exists()], ids=lambda d: d.name)
def test_every_file_a_doc_names_exists(doc: Path) -> None:
    """A file or folder in backquotes (`core/screening.py`, `web/clinic/access.py`, `knowledge/`) is in the
    repository: a rename or a deletion that leaves a doc behind fails here."""
    files = repository_files()
    folders = {"/".join(f.split("/")[:i]) for f in files for i in range(1, f.count("/") + 1)}
    missing = []
    for name in NAMED.findall(doc.read_text(encoding="utf-8")):
        if name.startswith(OUTSIDE) or name.startswith("/"):
            continue
        bare = name.rstrip("/")
        app, _, last = bare.rpartition("/")  # also Django's `app/migration_name`
        found = (any(f == bare or f.endswith("/" + bare) or f.endswith("/" + bare + ".py") for f in files)
                 or any(d == bare or d.endswith("/" + bare) for d in folders)
                 or any(f.endswith(f"/{app}/migrations/{last}.py") for f in files))
        if not found:
            missing.append(name)
    assert missing == []
