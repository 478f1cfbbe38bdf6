"""Two clinics, a member of each role, a client with their own account, and a record in each clinic.

Clinic A is "ours": its admin, practitioner and front desk, and Ana, a client of A who
linked her own account. Clinic B is "theirs": Bea, a practitioner of B, and B's client
with a signed session, a photo, a consent, a reaction — every text of B starts with
`THEIRS-`, so that a test can look for any of it on a page of A.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from clinic_builders import (
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
from web_builders import person

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


def _side(prefix: str, tag: str) -> Side:
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
                Membership.objects.get(user=front))


@pytest.fixture
def ours() -> Side:
    return _side("a", "")


@pytest.fixture
def theirs() -> Side:
    return _side("b", "THEIRS-")


@pytest.fixture
def ana(ours: Side) -> User:
    """A client of clinic A with her own account, linked."""
    user = person("ana")
    Client.objects.filter(pk=ours.client.pk).update(user=user)
    ours.client.refresh_from_db()
    return user
