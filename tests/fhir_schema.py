"""The official FHIR R4B JSON schema (npm package hl7.fhir.r4b.core), for tests that check exported bundles.

The package is one of the npm test tools (tests/npm-tools.txt), installed by tests/npm_tools.py into the
ignored .npm-tools/ folder on first use (decisions item 9), and reused after that.
"""

from __future__ import annotations

import functools
import json
from typing import Any

import jsonschema_rs

import npm_tools


@functools.cache
def _validator() -> Any:
    schema = npm_tools.package_dir("hl7.fhir.r4b.core") / "openapi" / "fhir.schema.json"
    return jsonschema_rs.validator_for(json.loads(schema.read_text(encoding="utf-8")))


def schema_errors(bundle: bytes | dict[str, Any]) -> list[str]:
    """What the official R4B JSON schema finds wrong with a bundle, each with its path; [] when valid."""
    data = json.loads(bundle) if isinstance(bundle, bytes) else bundle
    return [f"{'/'.join(map(str, e.instance_path))}: {e.message[:200]}" for e in _validator().iter_errors(data)]
