"""Fixtures of the API tests: people with tokens, and a client that speaks JSON."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from api_helpers import ApiClient
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from web_builders import person

from mesoplan.web.api.tokens import issue_token
from mesoplan.web.clinic import charting, clients
from mesoplan.web.clinic.models import Client as ClinicClient
from mesoplan.web.clinic.models import Membership, Organisation


@pytest.fixture
def anonymous(client: Client) -> ApiClient:
    """Nobody logged in, no token: what any program gets."""
    return ApiClient(client)


@pytest.fixture
def ana_user(db: None) -> User:
    return person("ana")


@pytest.fixture
def ana_api(client: Client, ana_user: User) -> ApiClient:
    """A program acting for Ana with her token."""
    _token, secret = issue_token(ana_user, "test program")
    return ApiClient(client, secret)


@pytest.fixture
def bob_api(db: None) -> ApiClient:
    """A program acting for Bob, with a client of its own."""
    _token, secret = issue_token(person("bob"), "bob's program")
    return ApiClient(Client(), secret)


class ClinicApi(ApiClient):
    """A practitioner's program, with the ids of a client of theirs and of a draft session of that client."""

    def __init__(self, client: Client, secret: str, client_id: int, draft_id: int) -> None:
        super().__init__(client, secret)
        self.client_id, self.draft_id = client_id, draft_id

    def own_id(self, path: str) -> str:
        return str(self.draft_id if path.startswith("/api/sessions/") else self.client_id)


@pytest.fixture
def clinic_api(db: None) -> ClinicApi:
    """A program acting for a practitioner (a clinic token), with a client whose intake is taken."""
    organisation = Organisation.objects.create(name="API clinic")
    practitioner = person("api_practitioner")
    Membership.objects.create(user=practitioner, organisation=organisation, role="practitioner")
    row = ClinicClient.objects.create(organisation=organisation, name="API-CLIENT")
    intake = {"setting": "clinic", "start": (timezone.localdate() - timedelta(days=7)).isoformat(),
              "zones": ["forehead", "cheeks"]}
    clients.set_intake(row, intake, practitioner, timezone.now())
    lines = [charting.ZoneLine("forehead", "professional_pen", Decimal("0.5"), 3)]
    draft = charting.save(row, charting.Chart(timezone.localdate(), "microneedling", None, practitioner, "", "",
                                              lines, []), practitioner)
    return ClinicApi(Client(), issue_token(practitioner, "clinic software")[1], row.pk, draft.pk)
