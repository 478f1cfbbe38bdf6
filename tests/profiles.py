"""Hypothesis profiles, chosen by the environment variable HYPOTHESIS_PROFILE (tests/conftest.py loads it).

- `ci` (the default): each property runs the number of examples its file asks for.
- `dev`: a tenth of them (at least 10), for the edit-test loop (`make test-quick`).

A property file says how many examples it needs in full with `examples(n)`, so the profile
scales every file alike instead of each file hard-coding its count.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

PROFILES = ("ci", "dev")
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
if PROFILE not in PROFILES:
    raise ValueError(f"HYPOTHESIS_PROFILE={PROFILE!r}: expected one of {', '.join(PROFILES)}")

settings.register_profile("ci", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=10)


def examples(full: int) -> int:
    """The number of examples for a property that needs `full` of them in the `ci` profile."""
    return full if PROFILE == "ci" else max(10, full // 10)


def load() -> None:
    settings.load_profile(PROFILE)
