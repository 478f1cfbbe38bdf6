"""Two clinics seen from clinic A: "ours" and "theirs", with a member of each role and a record in each.

Every text of clinic B starts with `THEIRS-`, so that a test can look for any of it on a page of A.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from clinic_builders import (
    booked,
    chart,
    client_of,
    clinic,
    clinic_photo,
    member,
    published,
    signed_consent,
    signed_session,
)
from django.contrib.auth.models import User

from mesoplan.web.clinic.models import Client, ClinicReaction, Membership, Organisation


@dataclass
class Side:
    """One clinic and its rows."""

    organisation: Organisation
    admin: User
    practitioner: User
    front_desk: User
    client: Client
    session: Any  # a signed session
    draft: Any  # a session not signed yet
    photo: Any
    membership: Membership
    appointment: Any = None  # booked tomorrow at 10:00 with the practitioner


def build_side(prefix: str, tag: str) -> Side:
    org = clinic(f"{tag}Clinic {prefix}", location=f"{tag}Street {prefix}")
    admin = member(org, "admin", f"{prefix}_admin")
    practitioner = member(org, "practitioner", f"{prefix}_practitioner", first_name="Dora", last_name=f"{tag}Lee")
    front = member(org, "front_desk", f"{prefix}_front")
    row = client_of(org, f"{tag}Client {prefix}", by=practitioner, email=f"{prefix}@example.org")
    text = published(org, admin, text=f"{tag}consent text {prefix}")
    signed_consent(row, text, front)
    session = signed_session(row, practitioner, notes=f"{tag}signed notes", lot=f"{tag}LOT")
    draft = chart(row, practitioner, notes=f"{tag}draft notes", zones=("cheeks",))
    ClinicReaction.objects.create(client=row, session=session, date=session.date, symptom="redness", severity=2,
                                  notes=f"{tag}reaction")
    return Side(org, admin, practitioner, front, row, session, draft, clinic_photo(draft, practitioner, f"{tag}photo"),
                Membership.objects.get(user=front), booked(row, practitioner))
