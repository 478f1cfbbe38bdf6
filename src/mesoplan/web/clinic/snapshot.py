"""A client's intake → the screening snapshot kept on the client row, and the plan's dated events.

The services decide (`services.plan_intake` screens and plans in one call); this keeps
short digests of their answer so that a later re-screen can say, without re-reading
anything else, whether the verdict, the reasons or the plan changed. The plan is made
as on the day the intake was taken (`Client.intake_taken_on`), not today, so the same
intake and knowledge always give the same plan and digest: a re-screen on another day
finds no change that is only the calendar moving on.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

import orjson

from mesoplan import services
from mesoplan.core.i18n import fill
from mesoplan.core.knowledge import Knowledge
from mesoplan.core.plan_model import NEEDLING, Plan, PlanEvent
from mesoplan.core.screening import Reason, ScreeningResult
from mesoplan.web.clinic import policies
from mesoplan.web.clinic.models import Client, PlannedEvent

DIGEST_CHARS = 24  # 96 bits: no two different answers of one client collide in practice


def knowledge_in_force(organisation_id: int | None) -> tuple[Knowledge, str]:
    """The knowledge base a clinic screens with (the shipped one with its policy applied), and the
    policy's version ("" without a policy)."""
    if organisation_id is None:
        return services.knowledge(), ""
    return policies.knowledge_in_force(organisation_id)


def _digest(items: Iterable[Any]) -> str:
    text = json.dumps(list(items), separators=(",", ":"), default=str, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:DIGEST_CHARS]


def reasons_digest(result: ScreeningResult) -> str:
    """A digest of what the verdict rests on: each reason's rule, factor, effect, date and zones."""
    return _digest([r.rule, r.factor, r.effect, r.until, r.zones] for r in result.reasons)


def reason_notes(result: ScreeningResult) -> tuple[dict[str, Any], ...]:
    """What the verdict rests on, as the client row keeps it (`Client.reasons`): each reason's rule,
    effect, date, zones and English text. A re-screen compares them to list reasons added or removed."""
    return tuple({"rule": r.rule, "effect": str(r.effect), "until": r.until.isoformat() if r.until else None,
                  "zones": list(r.zones) if r.zones is not None else None, "text": _text(r)}
                 for r in result.reasons)


def _text(reason: Reason) -> str:
    try:
        return _filled(reason.message_id, tuple(reason.params.items()), reason.until, reason.zones)
    except TypeError:  # a parameter that cannot be a key (a list): filled each time
        return reason.message


@functools.lru_cache(maxsize=8192)
def _filled(message_id: str, params: tuple[tuple[str, Any], ...], until: date | None,
            zones: tuple[str, ...] | None) -> str:
    """A reason's English text. Filling a message costs as much as the screening itself, and a bulk
    re-screen meets the same message with the same values many times: each is filled once."""
    return fill(message_id, dict(params), until=until, zones=zones)


def plan_digest(events: Iterable[PlanEvent]) -> str:
    """A digest of the plan's dated events: when, what, where, how deep.

    The value is `_digest` of `[date, kind, key, zones, sorted needles, pending]` per event,
    as clients' rows keep it; orjson writes the same JSON text six times faster (a bulk
    re-screen makes thousands of plans of some 60 events). The two differ only where a
    text is not ASCII, which `json` escapes and orjson does not: then `json` writes it.
    A test compares them on many plans.
    """
    items = [(e.date, e.kind, e.key, e.zones, sorted(e.needle_mm.items()) if e.needle_mm else (),
              e.pending_clearance) for e in events]
    text = orjson.dumps(items)
    if not text.isascii():
        return _digest(items)
    return hashlib.sha256(text).hexdigest()[:DIGEST_CHARS]


@dataclass(frozen=True)
class Snapshot:
    """The fields a client row keeps of one screening, and the plan's events."""

    verdict: str
    earliest_start: date | None
    reasons_digest: str
    plan_digest: str
    knowledge_version: str
    policy_version: str
    events: tuple[PlanEvent, ...] = ()
    reasons: tuple[dict[str, Any], ...] = ()

    def differs_from(self, client: Client) -> bool:
        """Whether the answer itself (not just the versions behind it) differs from the client's."""
        return (self.verdict, self.earliest_start, self.reasons_digest, self.plan_digest) != (
            client.verdict, client.earliest_start, client.reasons_digest, client.plan_digest)


SNAPSHOT_FIELDS = tuple(f.name for f in fields(Snapshot) if f.name not in ("events", "reasons"))


def plan_of(intake_data: Mapping[str, Any], organisation_id: int | None,
            taken_on: date | None, protocol: str = "") -> tuple[Plan, str]:
    """Screen and plan a stored intake as on the day it was taken, with the clinic's policy in force and
    the protocol chosen (empty: the planner's choice); and that policy's version. Raises `IntakeError` for
    data that no longer parses, or a protocol that no longer fits (field `protocol`)."""
    kb, policy_version = knowledge_in_force(organisation_id)
    intake = services.parse_intake(intake_data, today=taken_on)
    return services.plan_intake(intake, protocol or None, today=taken_on, kb=kb), policy_version


def take(intake_data: Mapping[str, Any], organisation_id: int | None, taken_on: date | None,
         protocol: str = "") -> Snapshot:
    """The snapshot of an intake taken on `taken_on`. Raises `IntakeError` for data that does not parse."""
    plan, policy_version = plan_of(intake_data, organisation_id, taken_on, protocol)
    result = plan.screening
    return Snapshot(result.verdict, result.earliest_start, reasons_digest(result), plan_digest(plan.events),
                    result.knowledge_version, policy_version, plan.events, reason_notes(result))


def apply(client: Client, snapshot: Snapshot, now: datetime) -> None:
    """Copy a snapshot onto the client row (not saved)."""
    for name in SNAPSHOT_FIELDS:
        setattr(client, name, getattr(snapshot, name))
    client.reasons = list(snapshot.reasons)
    client.screened_at = now


def stored_events(events: Iterable[PlanEvent]) -> list[PlanEvent]:
    """The events of a plan that are kept as rows: the needling days (course and maintenance).

    They are what the dashboard, the client's timeline and the FHIR CarePlan read. The rest
    of a plan (preparation, aftercare, check-ins) follows from the intake, the knowledge
    and the day it was taken, which the client row keeps: the client's page makes it again
    when shown, and `plan_digest` still covers every event.
    """
    return [e for e in events if e.kind in NEEDLING]


def planned_rows(client: Client, events: Iterable[PlanEvent]) -> list[PlannedEvent]:
    """The plan's stored events as rows of the client (not saved)."""
    return [PlannedEvent(client=client, position=i, date=e.date, kind=e.kind, title=e.title.text, zones=list(e.zones))
            for i, e in enumerate(stored_events(events))]


def replace_plan(client: Client, events: Iterable[PlanEvent]) -> None:
    """Replace the client's stored plan events (call inside a transaction)."""
    PlannedEvent.objects.filter(client=client).delete()
    PlannedEvent.objects.bulk_create(planned_rows(client, events))
