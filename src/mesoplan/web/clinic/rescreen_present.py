"""A re-screen run as the dashboard shows it: its progress, then each changed client before → after."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet

from mesoplan.web.clinic.models import Client, Organisation, RescreenChange, RescreenRun
from mesoplan.web.clinic.present import Badge, badge
from mesoplan.web.clinic.rescreen_jobs import reason_key
from mesoplan.web.front.display import long_date

CHANGES_SHOWN = 100


@dataclass(frozen=True)
class ReasonLine:
    text: str  # English, as stored
    until: str  # the day it holds until, written out; "" for none


@dataclass(frozen=True)
class ChangeView:
    change: RescreenChange
    before: Badge | None
    after: Badge | None
    start_before: str
    start_after: str
    added: list[ReasonLine]
    removed: list[ReasonLine]
    reasons_known: bool  # False: the client's earlier reasons were never stored


@dataclass(frozen=True)
class RunView:
    run: RescreenRun
    changes: list[ChangeView]
    more: int  # changes not listed


def latest_runs(organisations: QuerySet[Organisation]) -> list[RunView]:
    """The last re-screen of each clinic, with the changes it found (the first `CHANGES_SHOWN`)."""
    out = []
    for organisation in organisations:
        run = RescreenRun.objects.filter(organisation=organisation).select_related("organisation").first()
        if run is not None:
            out.append(run_view(run))
    return out


def run_view(run: RescreenRun) -> RunView:
    changes = run.changes.select_related("client").order_by("client__name", "client_id")
    shown = [change_view(c) for c in changes[:CHANGES_SHOWN]]
    total = changes.count() if len(shown) == CHANGES_SHOWN else len(shown)
    return RunView(run, shown, total - len(shown))


def change_view(change: RescreenChange) -> ChangeView:
    before: list[dict[str, Any]] | None = change.reasons_before
    after: list[dict[str, Any]] = change.reasons_after or []
    added = _difference(after, before) if before is not None else []
    removed = _difference(before, after) if before is not None else []
    return ChangeView(change, badge(change.verdict_before), badge(change.verdict_after),
                      long_date(change.earliest_start_before), long_date(change.earliest_start_after),
                      added, removed, before is not None)


def _difference(these: list[dict[str, Any]], those: list[dict[str, Any]]) -> list[ReasonLine]:
    """The reasons in `these` and not in `those` (same rule, effect, date and zones)."""
    kept = {reason_key(r) for r in those}
    return [ReasonLine(str(r.get("text") or r.get("rule", "")), _day(r.get("until")))
            for r in these if reason_key(r) not in kept]


def _day(iso: Any) -> str:
    return long_date(date.fromisoformat(iso)) if isinstance(iso, str) else ""




def last_changes(clients: list[Client]) -> dict[int, RescreenChange]:
    """Each client's change at its latest re-screen (for the dashboard's "changed" list)."""
    out: dict[int, RescreenChange] = {}
    for change in RescreenChange.objects.filter(client__in=clients).order_by("client_id", "-run_id"):
        out.setdefault(change.client_id, change)
    return out
