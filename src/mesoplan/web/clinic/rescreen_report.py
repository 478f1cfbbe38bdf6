"""What a bulk re-screen reports (`RescreenReport`, the benchmark prints its phases), and what it tells
the background job's run as it writes (`Journal`, `Change`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from mesoplan import services


@dataclass(frozen=True)
class RescreenReport:
    """What a re-screen did: how many clients it screened, which changed, which could not be read."""

    checked: int = 0
    changed_client_ids: tuple[int, ...] = ()
    failures: tuple[tuple[int, str, str], ...] = field(default=())  # (client id, field, problem)
    knowledge_version: str = ""
    screened: int = 0  # clients whose intake was screened again; the others could not have changed
    distinct: int = 0  # distinct intakes among them, each screened once
    planned: int = 0  # distinct intakes planned again
    seconds: float = 0.0
    phases: tuple[tuple[str, float], ...] = ()  # (read | screen and plan | write, seconds)

    @property
    def changed(self) -> int:
        return len(self.changed_client_ids)

    def as_data(self) -> dict[str, Any]:
        """The report as plain JSON data."""
        return {"checked": self.checked, "changed": self.changed, "changed_client_ids": list(self.changed_client_ids),
                "failures": [{"client_id": c, "field": f, "problem": p} for c, f, p in self.failures],
                "knowledge_version": self.knowledge_version, "screened": self.screened,
                "distinct": self.distinct, "planned": self.planned, "seconds": round(self.seconds, 3),
                "phases": {name: round(seconds, 3) for name, seconds in self.phases}}


@dataclass(frozen=True)
class Change:
    """One client whose answer a re-screen changed: what it was, what it is now."""

    client_id: int
    verdict_before: str
    verdict_after: str
    earliest_start_before: date | None
    earliest_start_after: date | None
    reasons_changed: bool  # False: the same reasons (only the plan changed)
    reasons_after: tuple[dict[str, Any], ...] | None  # `snapshot.reason_notes`; None when reasons_changed is False
    plan_changed: bool


class Journal(Protocol):
    """Told what a re-screen does, to record its progress and changes (the background job's run)."""

    def screened(self, to_write: int) -> None:
        """Before the first batch: this many stale clients are to go through (screened and written, or
        left as they are where the policy change provably does not reach them)."""

    def writing(self, changes: Sequence[Change], written: int, reached: int) -> None:
        """Inside the transaction of a batch, before its clients are written: the batch's changes, how
        many clients this call will have gone through with it, and the last client id it reached."""


def combined(reports: Sequence[RescreenReport]) -> RescreenReport:
    """The reports of several clinics' re-screens as one (`mesoplan rescreen` over every clinic)."""
    if len(reports) == 1:
        return reports[0]
    phases: dict[str, float] = {}
    for report in reports:
        for name, seconds in report.phases:
            phases[name] = phases.get(name, 0.0) + seconds
    return RescreenReport(sum(r.checked for r in reports), tuple(i for r in reports for i in r.changed_client_ids),
                          tuple(f for r in reports for f in r.failures), services.knowledge().version,
                          sum(r.screened for r in reports), sum(r.distinct for r in reports),
                          sum(r.planned for r in reports), sum(r.seconds for r in reports), tuple(phases.items()))
