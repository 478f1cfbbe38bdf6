"""Verdicts and their order, from mildest to strictest (contract §2)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final, Literal, get_args

Verdict = Literal["go", "caution", "postpone", "consult", "stop"]
Setting = Literal["home", "clinic"]

VERDICTS: Final[tuple[Verdict, ...]] = get_args(Verdict)
SETTINGS: Final[tuple[Setting, ...]] = get_args(Setting)
RANK: Final[Mapping[str, int]] = MappingProxyType({verdict: rank for rank, verdict in enumerate(VERDICTS)})


def strictest(verdicts: list[Verdict] | tuple[Verdict, ...]) -> Verdict:
    """Return the strictest verdict of a sequence; `go` for an empty one."""
    best: Verdict = "go"
    for verdict in verdicts:
        if RANK[verdict] > RANK[best]:
            best = verdict
    return best
