"""Reads the knowledge files shipped in `mesoplan/knowledge/` (the only I/O of the knowledge base)."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from mesoplan.core.knowledge import Knowledge
from mesoplan.core.knowledge_schema import build
from mesoplan.errors import KnowledgeError

# libyaml's C loader parses the whole base in a fraction of the pure-Python time,
# which keeps the CLI's cold start short.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def knowledge_dir() -> Path:
    """The folder of the shipped knowledge files."""
    return Path(str(resources.files("mesoplan") / "knowledge"))


def read_files(folder: Path) -> tuple[dict[str, Any], str]:
    """Parse every YAML file of a folder; returns the files and a digest of their bytes."""
    files: dict[str, Any] = {}
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.yaml")):
        raw = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + raw)
        try:
            files[path.name] = yaml.load(raw, Loader=_Loader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}" if mark is not None else "-"
            raise KnowledgeError(path.name, where, "-", f"not valid YAML: {getattr(exc, 'problem', exc)}") from None
    return files, digest.hexdigest()[:10]


def load_knowledge(folder: Path | None = None) -> Knowledge:
    """Load and validate a knowledge base (the shipped one by default)."""
    if folder is None:
        return _shipped()
    files, digest = read_files(folder)
    return build(files, _version(files, digest))


@lru_cache(maxsize=1)
def _shipped() -> Knowledge:
    files, digest = read_files(knowledge_dir())
    return build(files, _version(files, digest))


def _version(files: dict[str, Any], digest: str) -> str:
    manifest = files.pop("manifest.yaml", None) or {}
    return f"{manifest.get('version', '0')}+{digest}"
