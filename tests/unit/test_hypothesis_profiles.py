"""HYPOTHESIS_PROFILE picks how many examples the properties run: every one in `ci`, a tenth in `dev`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
SHOW = ("import profiles; from hypothesis import settings; profiles.load(); "
        "print(profiles.examples(150), profiles.examples(40), settings.default.max_examples)")


def run(profile: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "HYPOTHESIS_PROFILE"}
    if profile is not None:
        env["HYPOTHESIS_PROFILE"] = profile
    return subprocess.run([sys.executable, "-c", SHOW], cwd=TESTS, env=env, capture_output=True, text=True,
                          timeout=60, check=False)


def test_without_a_profile_the_properties_run_in_full() -> None:
    assert run(None).stdout.split()[:2] == ["150", "40"]


def test_the_dev_profile_runs_a_tenth_and_at_least_ten() -> None:
    assert run("dev").stdout.split() == ["15", "10", "10"]


def test_an_unknown_profile_is_refused_by_name() -> None:
    done = run("fast")
    assert done.returncode != 0 and "HYPOTHESIS_PROFILE='fast'" in done.stderr
