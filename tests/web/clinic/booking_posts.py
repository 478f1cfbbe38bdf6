"""The booking forms as a browser posts them, and a client whose course waits after a peel."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from clinic_builders import client_of, clinic_intake, today
from clinic_world import Side

from mesoplan.web.clinic.models import Client

PEEL_DAYS_AGO = 5  # the shipped wait after a medium peel is 4 weeks: the course starts 23 days from today


def peeled_client(side: Side, name: str = "Paula Peel") -> Client:
    peel = today() - timedelta(days=PEEL_DAYS_AGO)
    return client_of(side.organisation, name, by=side.practitioner,
                     intake=clinic_intake(procedures=[{"id": "chemical_peel_medium", "date": peel.isoformat()}]))


def slot_post(side: Side, day: date, at: str = "10:00", minutes: int = 60, **fields: Any) -> dict[str, Any]:
    return {"day": day.isoformat(), "at": at, "minutes": str(minutes), "practitioner": side.practitioner.pk,
            "location": side.organisation.locations.get().pk, **fields}


def plan_post(side: Side, planned: list[date], at: str = "10:00", **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"at": at, "minutes": "60", "practitioner": side.practitioner.pk,
                            "location": side.organisation.locations.get().pk}
    for i, day in enumerate(planned):
        data |= {f"book_{i}": "on", f"day_{i}": day.isoformat()}
    return {**data, **fields}
