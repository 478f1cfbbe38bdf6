"""Two clinics, a member of each role, a client with their own account, and a record in each clinic.

Clinic A is "ours": its admin, practitioner and front desk, and Ana, a client of A who
linked her own account. Clinic B is "theirs": its members, and its client
with a signed session, a photo, a consent, a reaction (see `clinic_world`).
"""

from __future__ import annotations

from typing import Any

import pytest
from clinic_world import Side, build_side
from django.contrib.auth.models import User
from web_builders import person

from mesoplan.web.clinic.models import Client


@pytest.fixture
def ours() -> Side:
    return build_side("a", "")


@pytest.fixture
def theirs() -> Side:
    return build_side("b", "THEIRS-")


@pytest.fixture
def ana(ours: Side) -> User:
    """A client of clinic A with her own account, linked."""
    user = person("ana")
    Client.objects.filter(pk=ours.client.pk).update(user=user)
    ours.client.refresh_from_db()
    return user


@pytest.fixture
def immediate_tasks(settings: Any) -> None:
    """Background jobs run at once, inside the request: for tests about what a job does, not how it
    is queued (those run a real worker: test_clinic_rescreen_worker)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
