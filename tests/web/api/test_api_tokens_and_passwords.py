"""A new password ends every API token of the account: after a change or a reset the old tokens get 401."""

from __future__ import annotations

import pytest
from api_helpers import ApiClient
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from web_builders import person

from mesoplan.web.api.models import ApiToken
from mesoplan.web.api.tokens import issue_token

pytestmark = pytest.mark.django_db

OLD, NEW = "old horse battery 41", "new staple orbit 97"


@pytest.fixture
def dora(db: None) -> User:
    user = person("dora", password=OLD)
    return user


def _program(user: User) -> ApiClient:
    _token, secret = issue_token(user, "my script")
    program = ApiClient(Client(), secret)
    assert program.get("/api/sessions").status_code == 200
    return program


def test_changing_the_password_revokes_the_accounts_tokens(client: Client, dora: User) -> None:
    program = _program(dora)
    client.force_login(dora)
    response = client.post("/account/password/change/", {
        "old_password": OLD, "new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302
    assert program.get("/api/sessions").status_code == 401
    page = client.get("/account/tokens/").content.decode()
    assert "revoked" in page and "changing or resetting your password revokes all of them" in page


def test_resetting_the_password_by_email_revokes_the_accounts_tokens(client: Client, dora: User) -> None:
    program = _program(dora)
    link = f"/account/password/reset/{urlsafe_base64_encode(force_bytes(dora.pk))}/" \
           f"{default_token_generator.make_token(dora)}/"
    form = client.get(link, follow=True)
    assert form.status_code == 200
    response = client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302
    assert program.get("/api/sessions").status_code == 401


def test_a_failed_password_change_keeps_the_tokens(client: Client, dora: User) -> None:
    program = _program(dora)
    client.force_login(dora)
    response = client.post("/account/password/change/", {
        "old_password": "wrong", "new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 200
    assert program.get("/api/sessions").status_code == 200


def test_logging_in_and_other_account_saves_keep_the_tokens(client: Client, dora: User) -> None:
    program = _program(dora)
    assert client.login(username="dora", password=OLD)
    dora.email = "dora@example.net"
    dora.save()
    assert program.get("/api/sessions").status_code == 200


def test_tokens_made_after_the_new_password_work(client: Client, dora: User) -> None:
    dora.set_password(NEW)
    dora.save()
    assert ApiToken.objects.filter(user=dora, revoked=False).count() == 0
    assert _program(dora).get("/api/sessions").status_code == 200
