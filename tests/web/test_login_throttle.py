"""Login throttling: 5 failures for one username from one address lock it for 15 minutes; 20 failures from
one address, whatever the usernames, lock that address out for as long."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from web_builders import PASSWORD, person

from mesoplan.web.accounts import throttle
from mesoplan.web.accounts.models import LoginThrottle

pytestmark = pytest.mark.django_db


def fail_login(client: Client, username: str = "ida", address: str = "10.0.0.1") -> str:
    response = client.post("/account/login/", {"username": username, "password": "wrong"}, REMOTE_ADDR=address)
    return str(response.content.decode())


def test_four_failures_still_let_the_right_password_in(client: Client) -> None:
    person("ida", PASSWORD)
    for _ in range(4):
        fail_login(client)
    response = client.post("/account/login/", {"username": "ida", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 302
    assert not LoginThrottle.objects.filter(key=throttle.throttle_key("ida", "10.0.0.1")).exists()  # cleared


def test_the_fifth_failure_locks_even_the_right_password_out(client: Client) -> None:
    person("ida", PASSWORD)
    for _ in range(4):
        fail_login(client)
    assert "Too many failed attempts. Try again in 15 minutes." in fail_login(client)
    response = client.post("/account/login/", {"username": "ida", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 200
    assert "Too many failed attempts" in response.content.decode()


def test_a_lockout_is_per_username_and_address(client: Client) -> None:
    person("ida", PASSWORD)
    for _ in range(5):
        fail_login(client)
    elsewhere = client.post("/account/login/", {"username": "ida", "password": PASSWORD}, REMOTE_ADDR="10.0.0.2")
    assert elsewhere.status_code == 302


def test_one_address_trying_fresh_usernames_is_locked_out_at_the_twentieth_failure(client: Client) -> None:
    person("ida", PASSWORD)
    for n in range(19):
        assert "Too many failed attempts" not in fail_login(client, f"guess{n}")
    assert "Too many failed attempts. Try again in 15 minutes." in fail_login(client, "guess19")
    response = client.post("/account/login/", {"username": "ida", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1")
    assert "Too many failed attempts" in response.content.decode()
    elsewhere = client.post("/account/login/", {"username": "ida", "password": PASSWORD}, REMOTE_ADDR="10.0.0.2")
    assert elsewhere.status_code == 302


def test_a_correct_password_does_not_clear_its_address_count(client: Client) -> None:
    person("ida", PASSWORD)
    for n in range(19):
        fail_login(client, f"guess{n}")
    assert client.post("/account/login/", {"username": "ida", "password": PASSWORD},
                       REMOTE_ADDR="10.0.0.1").status_code == 302
    client.logout()
    assert "Too many failed attempts" in fail_login(client, "guess19")


def test_a_post_without_a_password_does_not_clear_the_count(client: Client) -> None:
    person("ida", PASSWORD)
    for _ in range(4):
        fail_login(client)
    client.post("/account/login/", {"username": "ida", "password": ""}, REMOTE_ADDR="10.0.0.1")
    assert "Too many failed attempts" in fail_login(client)


def test_the_username_is_matched_whatever_its_case(client: Client) -> None:
    for name in ("Ida", "IDA", "ida", "iDa", "idA"):
        fail_login(client, name)
    assert throttle.locked_until("ida", "10.0.0.1", timezone.now()) is not None


def test_a_lockout_ends_after_its_minutes() -> None:
    now = timezone.now()
    for _ in range(5):
        throttle.record_failure("joe", "10.0.0.9", now)
    assert throttle.locked_until("joe", "10.0.0.9", now + timedelta(minutes=14)) is not None
    assert throttle.locked_until("joe", "10.0.0.9", now + timedelta(minutes=15, seconds=1)) is None


def test_old_failures_do_not_add_up_with_new_ones() -> None:
    start = timezone.now()
    for _ in range(4):
        throttle.record_failure("kim", "10.0.0.9", start)
    later = start + timedelta(minutes=16)
    assert throttle.record_failure("kim", "10.0.0.9", later) is None
    assert LoginThrottle.objects.get().failures == 1


def test_after_a_lockout_ends_the_count_starts_again() -> None:
    now = timezone.now()
    for _ in range(5):
        throttle.record_failure("lou", "10.0.0.9", now)
    after = now + timedelta(minutes=16)
    assert throttle.record_failure("lou", "10.0.0.9", after) is None
    assert throttle.locked_until("lou", "10.0.0.9", after) is None


def test_without_a_proxy_forwarded_headers_are_ignored(settings: object) -> None:
    meta = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}
    assert throttle.client_address(meta) == "10.0.0.1"


def test_behind_the_proxy_only_the_address_it_appended_counts(settings: object) -> None:
    settings.BEHIND_PROXY = True  # type: ignore[attr-defined]
    meta = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.7"}
    assert throttle.client_address(meta) == "203.0.113.7"
