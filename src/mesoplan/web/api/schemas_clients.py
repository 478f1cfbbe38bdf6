"""What the clinic endpoints answer."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field

from mesoplan.web.api.schemas import Verdict


class ClientOut(BaseModel):
    """A client; the screening snapshot is null for staff who may not see the clinical record."""

    id: int
    organisation: int
    name: str
    birth_date: dt.date | None
    sex: Literal["female", "male", "other"] | None
    has_intake: bool
    linked_account: bool = Field(description="the client linked their own mesoplan account")
    verdict: Verdict | None
    earliest_start: dt.date | None
    screened_at: dt.datetime | None
    changed_at: dt.datetime | None = Field(description="a re-screen found a different answer, not yet looked at")


class ClientDetailOut(ClientOut):
    email: str
    phone: str
    intake: dict[str, Any] | None = Field(description="the contract's intake; clinical staff only")


# The record is FHIR's JSON, not this API's: declared by hand with FHIR's media type.
FHIR_RESPONSE: dict[str, Any] = {"responses": {"200": {
    "description": "A FHIR R4B Bundle of type `collection`: Patient, Observations, Procedures, Consents …",
    "content": {"application/fhir+json": {"schema": {
        "type": "object", "required": ["resourceType", "type", "entry"],
        "properties": {"resourceType": {"const": "Bundle"}, "type": {"const": "collection"},
                       "entry": {"type": "array", "items": {"type": "object"}}},
    }}},
}}}
