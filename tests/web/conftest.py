"""Fixtures of the web tests."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from web_builders import person


@pytest.fixture
def ana(client: Client) -> User:
    """Ana, logged in on the test client."""
    user = person("ana")
    client.force_login(user)
    return user
