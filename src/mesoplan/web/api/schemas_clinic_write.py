"""What programs send to chart, sign and clear a clinic's clients, and what the gate answers."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from mesoplan.web.api.schemas import ErrorOut


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ClinicZoneLineIn(Strict):
    zone: str = Field(description="a zone id (contract §1)")
    device_kind: str = Field(description="a device kind id")
    needle_mm: float | None = Field(None, description="the needle length used on this zone, in mm")
    passes: int | None = None


class ClinicProductIn(Strict):
    ingredient: str = Field(description="an ingredient id: what the product contains")
    product_name: str = ""
    lot: str = Field(description="the lot number on the vial, so that a recall can find the client")
    expiry: dt.date | None = None


class ClinicSessionIn(Strict):
    date: dt.date
    procedure: Literal["microneedling", "mesotherapy", "rf_microneedling"] = "microneedling"
    location: int | None = Field(None, description="one of the clinic's locations; required when it has any")
    anaesthetic: str = Field("", max_length=200)
    notes: str = Field("", max_length=5000)
    zones: list[ClinicZoneLineIn] = Field(min_length=1, max_length=18)
    products: list[ClinicProductIn] = Field(default_factory=list, max_length=20)


class ClinicSignIn(Strict):
    acknowledge: bool = Field(False, description="the practitioner read the cautions and adjusted the session")


class ClinicClearanceIn(Strict):
    cleared_by: str = Field(min_length=1, max_length=150, description="the full name of who cleared the client")
    role: Literal["doctor", "dermatologist", "prescriber", "other_specialist"]
    cleared_on: dt.date
    note: str = Field(min_length=1, max_length=2000)


class ClinicReactionIn(Strict):
    date: dt.date
    symptom: str = Field(description="a side effect id")
    severity: int = Field(ge=1, le=5)
    session: int | None = None
    notes: str = Field("", max_length=2000)


class GateFindingOut(BaseModel):
    need: Literal["block", "clearance", "acknowledge"]
    kind: str
    rule: str
    message: str
    until: dt.date | None
    zones: list[str] | None
    sources: list[str]


class GateOut(BaseModel):
    """What the gate says of a session: allowed now (with the clearance and acknowledgement given)?"""

    allowed: bool
    findings: list[GateFindingOut]


class RefusedOut(ErrorOut):
    """A session the gate refused: why, finding by finding."""

    findings: list[GateFindingOut] = Field(default_factory=list)


class ClinicSessionOut(BaseModel):
    id: int
    client: int
    date: dt.date
    procedure: str
    signed: bool
    signed_at: dt.datetime | None
    screening_digest: str
    clearance: int | None


class ClinicClearanceOut(BaseModel):
    id: int
    client: int
    rules: list[str]
    cleared_by: str
    role: str
    cleared_on: dt.date
