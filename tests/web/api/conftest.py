"""Fixtures of the API tests: people with tokens, and a client that speaks JSON."""

from __future__ import annotations

import pytest
from api_helpers import ApiClient
from django.contrib.auth.models import User
from django.test import Client
from web_builders import person

from mesoplan.web.api.tokens import issue_token


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
