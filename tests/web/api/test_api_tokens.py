"""Who may call the diary endpoints: a live token, or the logged-in browser with its CSRF token."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from io import StringIO

import pytest
from api_helpers import ApiClient, assert_error
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from web_builders import person

from mesoplan.web.api.models import ApiToken
from mesoplan.web.api.tokens import issue_token

pytestmark = pytest.mark.django_db


def test_the_diary_needs_authentication(anonymous: ApiClient) -> None:
    response = anonymous.get("/api/devices")
    assert_error(response, 401, text="authentication required")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_token_lets_its_program_in(ana_api: ApiClient) -> None:
    assert ana_api.get("/api/devices").status_code == 200


def test_only_the_hash_of_a_token_is_stored(ana_user: User) -> None:
    token, secret = issue_token(ana_user, "laptop")
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {str(v) for v in ApiToken.objects.filter(pk=token.pk).values().get().values()}


def test_a_token_is_32_random_bytes_and_never_repeats(ana_user: User) -> None:
    secrets = {issue_token(ana_user, "x")[1] for _ in range(5)}
    assert len(secrets) == 5
    assert all(s.startswith("mp_") and len(s) >= 3 + 43 for s in secrets)  # 32 bytes in URL-safe base64


@pytest.mark.parametrize("header", ["Bearer mp_wrong", "Bearer ", "Token mp_x", "Basic YTpi", "mp_x",
                                    "Bearer " + "x" * 500])
def test_a_wrong_token_or_scheme_is_refused(client: Client, ana_api: ApiClient, header: str) -> None:
    assert_error(ApiClient(client).get("/api/devices", Authorization=header), 401)


def test_a_revoked_token_is_refused(client: Client, ana_user: User) -> None:
    token, secret = issue_token(ana_user, "old phone")
    ApiToken.objects.filter(pk=token.pk).update(revoked=True)
    assert_error(ApiClient(client, secret).get("/api/devices"), 401)


def test_the_token_of_a_deactivated_account_is_refused(client: Client, ana_user: User) -> None:
    _token, secret = issue_token(ana_user, "laptop")
    ana_user.is_active = False
    ana_user.save()
    assert_error(ApiClient(client, secret).get("/api/devices"), 401)


def test_using_a_token_notes_when_but_not_on_every_request(client: Client, ana_user: User) -> None:
    token, secret = issue_token(ana_user, "laptop")
    api = ApiClient(client, secret)
    api.get("/api/devices")
    first = ApiToken.objects.get(pk=token.pk).last_used
    assert first is not None
    api.get("/api/devices")
    assert ApiToken.objects.get(pk=token.pk).last_used == first  # within a minute: no write
    ApiToken.objects.filter(pk=token.pk).update(last_used=timezone.now() - timedelta(hours=1))
    api.get("/api/devices")
    assert ApiToken.objects.get(pk=token.pk).last_used > first - timedelta(seconds=1)


def test_the_logged_in_browser_reads_with_its_session(client: Client, ana_user: User) -> None:
    client.force_login(ana_user)
    assert client.get("/api/devices").status_code == 200


def test_the_browser_must_send_the_csrf_token_to_write() -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(person("ana"))
    body = {"kind": "dermaroller", "needle_mm": 0.25}
    refused = browser.post("/api/devices", body, content_type="application/json")
    assert_error(refused, 403, text="CSRF")
    browser.get("/account/tokens/")  # any page sets the CSRF cookie
    token = browser.cookies["csrftoken"].value
    accepted = browser.post("/api/devices", body, content_type="application/json", headers={"X-CSRFToken": token})
    assert accepted.status_code == 201


def test_screening_needs_no_authentication_and_no_csrf_token() -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(person("ana"))
    response = browser.post("/api/screen", {"setting": "home", "start": "2030-01-01", "zones": ["cheeks"]},
                            content_type="application/json")
    assert response.status_code == 200


def test_the_token_page_shows_a_new_secret_once_and_stores_its_hash(client: Client, ana_user: User) -> None:
    client.force_login(ana_user)
    response = client.post("/account/tokens/", {"name": "my script"})
    html = response.content.decode()
    token = ApiToken.objects.get(user=ana_user)
    secret = html.split('<code id="new-token">')[1].split("</code>")[0]
    assert hashlib.sha256(secret.encode()).hexdigest() == token.token_hash
    assert response["Cache-Control"] == "no-store"
    assert secret not in client.get("/account/tokens/").content.decode()
    assert ApiClient(Client(), secret).get("/api/devices").status_code == 200


def test_revoking_on_the_token_page_locks_the_program_out(client: Client, ana_user: User) -> None:
    token, secret = issue_token(ana_user, "laptop")
    client.force_login(ana_user)
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 302
    assert_error(ApiClient(Client(), secret).get("/api/devices"), 401)
    assert "revoked" in client.get("/account/tokens/").content.decode()


def test_nobody_can_revoke_someone_elses_token(client: Client, ana_user: User) -> None:
    token, _secret = issue_token(ana_user, "laptop")
    client.force_login(person("bob"))
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    assert client.get(f"/account/tokens/{token.pk}/revoke/").status_code == 405
    assert not ApiToken.objects.get(pk=token.pk).revoked


def test_the_token_page_needs_a_login(client: Client) -> None:
    assert client.get("/account/tokens/").status_code == 302


def test_the_command_makes_a_token_and_prints_its_secret(ana_user: User) -> None:
    out = StringIO()
    call_command("api_token", "ana", "--name", "cron job", stdout=out)
    secret = out.getvalue().strip()
    token = ApiToken.objects.get(user=ana_user)
    assert token.name == "cron job" and token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
