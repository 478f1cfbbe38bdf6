"""The official FHIR R4B JSON schema (npm package hl7.fhir.r4b.core), for tests that check exported bundles.

The test setup installs the package on first use with `npm install --no-save --no-package-lock` into
test-artifacts/ (ignored by git; decisions item 9), and reuses it after that.
"""

from __future__ import annotations

import functools
import json
import subprocess
from pathlib import Path
from typing import Any

import jsonschema_rs

PACKAGE = "hl7.fhir.r4b.core@4.3.0"
TOOLS = Path(__file__).resolve().parents[1] / "test-artifacts" / "npm-tools"
SCHEMA = TOOLS / "node_modules" / "hl7.fhir.r4b.core" / "openapi" / "fhir.schema.json"


@functools.cache
def _validator() -> Any:
    if not SCHEMA.exists():
        subprocess.run(["npm", "install", "--no-save", "--no-package-lock", "--no-audit", "--no-fund",
                        "--prefix", str(TOOLS), PACKAGE], check=True, timeout=600, capture_output=True)
    return jsonschema_rs.validator_for(json.loads(SCHEMA.read_text(encoding="utf-8")))


def schema_errors(bundle: bytes | dict[str, Any]) -> list[str]:
    """What the official R4B JSON schema finds wrong with a bundle, each with its path; [] when valid."""
    data = json.loads(bundle) if isinstance(bundle, bytes) else bundle
    return [f"{'/'.join(map(str, e.instance_path))}: {e.message[:200]}" for e in _validator().iter_errors(data)]
