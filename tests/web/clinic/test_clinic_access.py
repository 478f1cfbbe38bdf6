"""`Access`: one person in one clinic, the role read once per request, every answer from `ROLES_FOR`."""

from __future__ import annotations

import pytest
from clinic_world import Side
from django.db import connection
from django.test import Client as Browser
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mesoplan.web.clinic import access
from mesoplan.web.clinic.access import ROLES_FOR, Access

pytestmark = pytest.mark.django_db


def role_reads(queries: CaptureQueriesContext) -> int:
    """How many queries read a membership's role."""
    return sum(1 for q in queries.captured_queries if q["sql"].startswith('SELECT "clinic_membership"."role"'))


def test_each_role_can_exactly_what_the_table_says(ours: Side) -> None:
    """For every action of `ROLES_FOR`, each member of clinic A can it exactly when the table lists their role."""
    for user in (ours.admin, ours.practitioner, ours.front_desk):
        allowed = Access.of(user, ours.organisation)
        for action, roles in ROLES_FOR.items():
            assert allowed.can(action) == (allowed.role in roles), (allowed.role, action)


def test_a_member_of_another_clinic_can_nothing_here(ours: Side, theirs: Side) -> None:
    allowed = Access.of(theirs.admin, ours.organisation)
    assert allowed.role is None
    assert not any(allowed.can(action) for action in ROLES_FOR)


def test_an_unknown_action_is_an_error_not_a_refusal(ours: Side) -> None:
    """A typo in an action name must fail loudly, not read as 'not allowed' (or 'allowed')."""
    with pytest.raises(KeyError):
        Access.of(ours.admin, ours.organisation).can("see_everything")


def test_one_request_reads_the_role_once_per_clinic(ours: Side) -> None:
    request = RequestFactory().get("/")
    request.user = ours.practitioner
    with CaptureQueriesContext(connection) as queries:
        first = access.for_request(request, ours.organisation)
        again = access.for_request(request, ours.organisation.pk)
    assert first is again and role_reads(queries) == 1


def test_the_client_page_reads_the_role_once(client: Browser, ours: Side) -> None:
    """The client page shows seven links by role (edit, consent, clinical, chart, export, audit, reaction):
    one read of the role answers them all."""
    client.force_login(ours.admin)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("clinic:client_detail", args=[ours.client.pk]))
    assert page.status_code == 200
    assert role_reads(queries) == 1
