"""Bodies and answers of the diary endpoints.

Bodies are plain pydantic models that refuse unknown fields; they check types and
ranges, and then the diary's own forms (`mesoplan.web.diary.forms`) check what the
pages check (no future dates, the owner's own device and session, ...).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from mesoplan import services
from mesoplan.core.knowledge import FlagLevel
from mesoplan.core.tracking_models import AlertKind, AlertLevel
from mesoplan.web.api.intake_body import DeviceKind, SerumId, ZoneId, one_of
from mesoplan.web.records.access import MAX_ID
from mesoplan.web.records.models import FLAG_BY_MAX

_KB = services.knowledge()
RowId = Annotated[int, Field(ge=1, le=MAX_ID)]
NeedleMm = Annotated[float, Field(gt=0, le=5, description="at most two decimals")]
Notes = Annotated[str, Field(max_length=2000)]
SymptomId = Annotated[str, one_of(_KB.side_effects)]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")

    def form_data(self) -> dict[str, Any]:
        """The values as the diary form takes them (empty text for none, as a browser sends it)."""
        return {k: "" if v is None else v for k, v in self.model_dump().items()}


class DeviceIn(Body):
    kind: DeviceKind
    label: Annotated[str, Field(max_length=80)] = ""
    needle_mm: NeedleMm | None = None
    first_used: dt.date | None = None
    uses_before: Annotated[int, Field(ge=0, le=100000)] = 0
    last_sanitised: dt.date | None = None
    retired_on: dt.date | None = None


class DeviceOut(DeviceIn):
    id: int


class SessionIn(Body):
    date: dt.date
    setting: Literal["home", "clinic"] = "home"
    zones: Annotated[list[ZoneId], Field(min_length=1)]
    device: RowId | None = Field(None, description="id of one of your devices")
    needle_mm: NeedleMm | None = None
    passes: Annotated[int, Field(ge=1, le=50)] | None = None
    serum: SerumId | None = None
    outcome: Annotated[int, Field(ge=1, le=10)] | None = None
    notes: Notes = ""


class SessionOut(SessionIn):
    id: int


class ReactionIn(Body):
    session: RowId | None = Field(None, description="id of the session it follows")
    date: dt.date | None = Field(None, description="today when left out (or from `days_after`)")
    days_after: Annotated[int, Field(ge=0, le=365)] | None = Field(None, description="days after that session")
    symptom: SymptomId
    severity: Annotated[int, Field(ge=1, le=5)]
    notes: Notes = ""


class FlagOut(BaseModel):
    """A red flag's place in its life cycle: open → seen (a doctor saw it) → resolved."""

    status: Literal["open", "seen", "resolved"]
    level: FlagLevel = Field(description="how urgent, from the knowledge base")
    seen_lifts_block: bool = Field(description="whether a doctor's look is enough for new sessions to go on")
    seen_on: dt.date | None
    seen_note: str
    resolved_on: dt.date | None
    resolved_by: str
    resolved_note: str


class ReactionOut(BaseModel):
    id: int
    session: int | None
    date: dt.date
    symptom: str
    severity: int
    notes: str
    flag: FlagOut | None = Field(description="the red flag this reaction is, or null for one that is not")


class FlagSeenIn(Body):
    seen_on: dt.date = Field(description="the day the doctor saw it (not in the future, not before the reaction)")
    note: Notes


class FlagResolvedIn(Body):
    resolved_on: dt.date = Field(description="the day it was closed (not before the reaction or the doctor's visit)")
    by: Annotated[str, Field(max_length=FLAG_BY_MAX, description="the doctor's or practitioner's name")]
    note: Notes


class AlertOut(BaseModel):
    kind: AlertKind
    level: AlertLevel
    date: dt.date
    title: str
    message: str
    sources: list[str]
