"""Response schemas of the screening and planning endpoints, as the contract (§2, §3) shapes them.

The documents themselves are built by `mesoplan.core.serialize` — the CLI's `--json`
uses the same functions — and sent as they are; these models only describe them in
the OpenAPI schema, and the schemathesis test checks every response against it.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

Verdict = Literal["go", "caution", "postpone", "consult", "stop"]
Setting = Literal["home", "clinic"]
EventKind = Literal["prep", "session", "aftercare", "recovery", "maintenance", "device", "check"]


class ErrorOut(BaseModel):
    """Every error of the API: what is wrong, and the field path it is about (null for the whole request)."""

    error: str
    field: str | None
    suggestions: list[str] = Field(default_factory=list, description="the closest known ids, for a misspelt one")


class HealthOut(BaseModel):
    status: Literal["ok"]


class ReasonOut(BaseModel):
    rule: str
    factor: str
    effect: Verdict
    until: dt.date | None
    zones: list[str] | None
    message: str
    sources: list[str]
    grade: Literal["A", "B", "C", "D"] | None = Field(
        None, description="the evidence grade of the rule (A regulator, guideline or systematic review; B trial; "
                          "C review or case report; D makers', clinics' or consumer texts only); null: not graded")


class NeedleOut(BaseModel):
    max: float
    suggested: float


class ZoneOut(BaseModel):
    verdict: Verdict
    needle_mm: NeedleOut | None
    until: dt.date | None = Field(None, description="present when the zone has to wait")


class SideOut(BaseModel):
    sources: list[str]
    grades: dict[str, str]
    says: str


class DisagreementOut(BaseModel):
    id: str
    kind: str
    topic: str
    sides: list[SideOut]
    decision: str
    why: str


class ScreeningOut(BaseModel):
    verdict: Verdict
    setting: Setting
    start: dt.date
    earliest_start: dt.date | None
    reasons: list[ReasonOut]
    zones: dict[str, ZoneOut]
    disagreements: list[DisagreementOut]
    knowledge_version: str


class PlanProtocolOut(BaseModel):
    id: str
    title: str
    setting: Setting
    sources: list[str]
    interval_days: int


class ZonePlanOut(BaseModel):
    verdict: Verdict
    needle_mm: float | None
    max_mm: float | None
    from_: dt.date | None = Field(alias="from")
    left_out: str | None


class EventOut(BaseModel):
    date: dt.date
    end: dt.date | None
    kind: EventKind
    key: str
    title: str
    details: str
    sources: list[str]
    zones: list[str]
    needle_mm: float | None
    needle_mm_by_zone: dict[str, float]
    pending_clearance: bool


class PlanOut(BaseModel):
    screening: ScreeningOut
    protocol: PlanProtocolOut
    first_session: dt.date | None
    zones: dict[str, ZonePlanOut]
    events: list[EventOut]
    warnings: list[str]


class MaintenanceOut(BaseModel):
    after_months: int
    every_months: int
    count: int


class ProtocolOut(BaseModel):
    id: str
    setting: Setting
    title: str
    summary: str
    sessions: int
    interval_days: int
    maintenance: MaintenanceOut | None
    max_needle_mm: float
    zones: list[str]
    devices: list[str]
    default: bool
    sources: list[str]
    disagreements: list[str]


class KnowledgeOut(BaseModel):
    version: str
    counts: dict[str, int]
