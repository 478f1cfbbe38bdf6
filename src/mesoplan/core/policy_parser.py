"""A clinic policy as plain data (JSON or YAML) ↔ `ClinicPolicy`, naming the field of any mistake.

The plain form, as stored and as an adapter's form sends it::

    washouts:   {isotretinoin_washout: {amount: 9, unit: months}}
    needle_max: {cheeks: 1.0, forehead: {clinic: 0.8}}
    intervals:  {"1.0": 21}      # days between sessions by needle band (its upper length in mm)

Bounds are checked when the policy is applied (`policy.apply_policy`), against the
knowledge base in use; this module checks only the shape.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any, cast

from mesoplan.core.dates import Period
from mesoplan.core.i18n import N_
from mesoplan.core.policy import ClinicPolicy, NeedleKey
from mesoplan.core.verdicts import SETTINGS, Setting
from mesoplan.errors import IntakeError

UNITS = ("days", "weeks", "months")


def parse_policy(data: object, policy_id: str, version: str | None = None) -> ClinicPolicy:
    """Plain policy data → `ClinicPolicy`; `version` defaults to a digest of the data.

    Raises:
        IntakeError: a field path such as `policy.washouts.isotretinoin_washout.unit`.
    """
    top = _mapping(data, "policy")
    for key in top:
        if key not in ("washouts", "needle_max", "intervals"):
            raise IntakeError(f"policy.{key}", N_("unknown field; expected washouts, needle_max and intervals"))
    washouts = {str(rule_id): _period(value, f"policy.washouts.{rule_id}")
                for rule_id, value in _mapping(top.get("washouts", {}), "policy.washouts").items()}
    needle_max: dict[NeedleKey, float] = {}
    for zone_id, value in _mapping(top.get("needle_max", {}), "policy.needle_max").items():
        if isinstance(value, Mapping):
            for setting, mm in value.items():
                if setting not in SETTINGS:
                    raise IntakeError(f"policy.needle_max.{zone_id}.{setting}", N_("expected home or clinic"))
                needle_max[(str(zone_id), cast(Setting, setting))] = _mm(mm, f"policy.needle_max.{zone_id}.{setting}")
        else:
            needle_max[str(zone_id)] = _mm(value, f"policy.needle_max.{zone_id}")
    intervals = {str(band): _days(value, f"policy.intervals.{band}")
                 for band, value in _mapping(top.get("intervals", {}), "policy.intervals").items()}
    policy = ClinicPolicy(policy_id, "", washouts, needle_max, intervals)
    return ClinicPolicy(policy_id, version or content_digest(policy), washouts, needle_max, intervals)


def policy_data(policy: ClinicPolicy) -> dict[str, Any]:
    """`ClinicPolicy` → the plain form above, with sorted keys (stable to store and to hash)."""
    needle: dict[str, Any] = {}
    for key, mm in sorted(policy.needle_max.items(), key=lambda item: str(item[0])):
        zone_id = key[0] if isinstance(key, tuple) else key
        if zone_id in needle and not (isinstance(key, tuple) and isinstance(needle[zone_id], dict)):
            # The plain form gives a zone one number or one number per setting, not both.
            raise ValueError(f"needle_max names {zone_id!r} both for every setting and for one")
        if isinstance(key, tuple):
            needle.setdefault(zone_id, {})[key[1]] = mm
        else:
            needle[zone_id] = mm
    data: dict[str, Any] = {
        "washouts": {rule_id: {"amount": p.amount, "unit": p.unit} for rule_id, p in sorted(policy.washouts.items())},
        "needle_max": dict(sorted(needle.items())),
    }
    if policy.intervals:
        # Only when set, so that a policy without spacing keeps the digest (version) it had.
        data["intervals"] = dict(sorted(policy.intervals.items()))
    return data


def content_digest(policy: ClinicPolicy) -> str:
    """A short digest of what the policy sets: the same values give the same version."""
    text = json.dumps(policy_data(policy), sort_keys=True, separators=(",", ":"))
    return hashlib.blake2b(text.encode(), digest_size=5).hexdigest()


def _mapping(value: object, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise IntakeError(path, N_("expected a mapping"))
    return cast(Mapping[str, Any], value)


def _period(value: object, path: str) -> Period:
    data = _mapping(value, path)
    for key in data:
        if key not in ("amount", "unit"):
            raise IntakeError(f"{path}.{key}", N_("unknown field; expected amount and unit"))
    amount, unit = data.get("amount"), data.get("unit")
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise IntakeError(f"{path}.amount", N_("expected a whole number of at least 0"))
    if unit not in UNITS:
        raise IntakeError(f"{path}.unit", N_("expected days, weeks or months"))
    return Period(amount, cast(Any, unit))


def _mm(value: object, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise IntakeError(path, N_("expected a needle length in mm, such as 0.5"))
    return float(value)


def _days(value: object, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise IntakeError(path, N_("expected a whole number of days, such as 21"))
    return value
