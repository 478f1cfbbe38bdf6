"""What programs send to book, move and mark a clinic's appointments, and what they get back."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from mesoplan.web.api.schemas_clinic_write import Strict
from mesoplan.web.clinic.models.appointments import MAX_MINUTES


class AppointmentSlotIn(Strict):
    start: dt.datetime = Field(description="when it starts; without a zone, in the server's time zone")
    minutes: int = Field(ge=5, le=MAX_MINUTES, description="how long it takes")
    practitioner: int = Field(description="a practitioner or admin of the clinic (their account id)")
    location: int = Field(description="one of the clinic's locations")


class AppointmentIn(AppointmentSlotIn):
    planned_date: dt.date | None = Field(None, description="the planned session it books, by its day: it is "
                                                            "booked on that day or later")


class AppointmentStatusIn(Strict):
    status: Literal["arrived", "done", "no_show", "cancelled"]


class AppointmentOut(BaseModel):
    id: int
    client: int
    practitioner: int
    location: int
    start: dt.datetime
    minutes: int
    status: str
    planned_date: dt.date | None
    session: int | None
