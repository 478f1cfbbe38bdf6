"""Schemathesis against the served API: generated requests to every operation never get a 5xx, and
every answer matches the OpenAPI schema the API publishes.

The API is served over HTTP on 127.0.0.1 by pytest-django's live server (a WSGI server
in a thread, on the test database, so SQLite and PostgreSQL runs both cover it): one server
for the whole run, its published schema read once for the module. Each test has its own
rows (`tester`), removed after it, so no test depends on what another one wrote.
`test_api_served.py` checks the same API behind waitress and gunicorn, as `mesoplan serve` runs it.

Each operation is its own test, drawing cases from `operation.as_strategy()`: the
pytest plugin's lazy loader (`schemathesis.pytest.from_fixture`), which a live server
would need, reads `Function._nodeid`, which pytest 9.2 no longer has.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import schemathesis
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest_django.live_server_helper import LiveServer
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance
from web_builders import device, person, reaction, session

from mesoplan.web.api.api import api
from mesoplan.web.api.tokens import issue_token
from mesoplan.web.clinic import clients
from mesoplan.web.clinic.models import Appointment, Client, Location, Membership, Organisation
from profiles import examples

pytestmark = pytest.mark.django_db(transaction=True)

SCHEMA = api.get_openapi_schema()
# (operation, mode): negative cases only where there is something to get wrong (a parameter or a body).
CASES = [(f"{method.upper()} {path}", mode) for path, methods in SCHEMA["paths"].items()
         for method, operation in methods.items()
         for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
         if mode is GenerationMode.POSITIVE or operation.get("parameters") or operation.get("requestBody")]
CHECKS = [not_a_server_error, response_schema_conformance]
EXAMPLES = examples(30)  # per operation and mode: the whole file stays well under a minute


@pytest.fixture(scope="module")
def served_schema(live_server: LiveServer, django_db_blocker: Any) -> Any:
    """The schema as the live server publishes it, read once: its operations call that server. The request
    passes the site's middleware, which may read the database, so the read is let through here too."""
    with django_db_blocker.unblock():
        return schemathesis.openapi.from_url(f"{live_server.url}/api/openapi.json", timeout=30)


@pytest.fixture
def tester() -> tuple[dict[str, str], dict[str, int]]:
    """A practitioner with a client, and a diary of their own: the token's header, and an id of each kind."""
    user = person("tester")
    organisation = Organisation.objects.create(name="Test clinic")
    Membership.objects.create(user=user, organisation=organisation, role="practitioner")
    client = Client.objects.create(organisation=organisation, name="Client")
    clients.set_intake(client, {"setting": "clinic", "start": "2030-01-01", "zones": ["cheeks"]}, user,
                       timezone.now())
    logged = session(user, device=device(user))
    place = Location.objects.create(organisation=organisation, name="Main street")
    booked = Appointment.objects.create(client=client, practitioner=user, location=place, minutes=60,
                                        start=timezone.now() + timedelta(days=3), zones=["cheeks"])
    ids = {"devices": logged.device_id, "sessions": logged.pk, "reactions": reaction(user, session=logged).pk,
           "clients": client.pk, "appointments": booked.pk}
    return {"Authorization": f"Bearer {issue_token(user, 'schemathesis')[1]}"}, ids


@pytest.mark.parametrize(("label", "mode"), CASES, ids=[f"{label} {mode.value}" for label, mode in CASES])
def test_no_operation_fails_or_strays_from_its_schema(served_schema: Any, label: str, mode: GenerationMode,
                                                      tester: tuple[dict[str, str], dict[str, int]]) -> None:
    operation = served_schema.find_operation_by_label(label)
    assert operation is not None, label
    headers, ids = tester
    cases = operation.as_strategy(mode)
    if "{id}" in label:  # random ids are all 404: half the cases name a row that exists
        cases = st.one_of(cases, operation.as_strategy(mode, path_parameters={"id": ids[label.split("/")[2]]}))

    @given(case=cases)
    @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def call(case: Any) -> None:
        case.call_and_validate(headers=headers, timeout=30, checks=CHECKS)

    call()
