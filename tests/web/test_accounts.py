"""Sign up, log in and out, reset a password: Django's auth with argon2."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from web_builders import PASSWORD, person

pytestmark = pytest.mark.django_db


def test_signing_up_creates_an_account_hashed_with_argon2_and_logs_in(client: Client) -> None:
    response = client.post("/account/signup/", {"username": "bea", "email": "bea@example.org",
                                                "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    user = User.objects.get(username="bea")
    assert user.password.startswith("argon2")
    assert client.get("/diary/").status_code == 200


def test_passwords_are_hashed_with_the_bounded_argon2_parameters(client: Client) -> None:
    """19 MiB, 2 passes, 1 lane: what one login (and so one failed login) costs, not Django's 100 MiB."""
    user = person("bea", PASSWORD)
    assert "$argon2id$v=19$m=19456,t=2,p=1$" in user.password


def test_a_hash_made_with_the_old_parameters_still_logs_in_and_is_remade_with_the_new(client: Client) -> None:
    user = person("bea")
    user.password = Argon2PasswordHasher().encode(PASSWORD, Argon2PasswordHasher().salt())  # m=102400, p=8
    user.save()
    response = client.post("/account/login/", {"username": "bea", "password": PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert "$m=19456,t=2,p=1$" in user.password


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"username": "", "password1": PASSWORD, "password2": PASSWORD}, "username", "This field is required."),
    ({"username": "cid", "password1": PASSWORD, "password2": PASSWORD + "x"}, "password2",
     "The two password fields didn’t match."),
    ({"username": "cid", "password1": "123", "password2": "123"}, "password2", "This password is too short."),
    ({"username": "cid", "email": "not-an-email", "password1": PASSWORD, "password2": PASSWORD}, "email",
     "Enter a valid email address."),
])
def test_a_bad_signup_shows_the_message_by_its_field_and_creates_nobody(
        client: Client, fields: dict[str, str], field: str, message: str) -> None:
    response = client.post("/account/signup/", fields)
    assert response.status_code == 200
    html = response.content.decode()
    block = html[html.index(f'id="field-{field}"'):]
    assert message in block[:block.index("</ul>")]
    assert not User.objects.exists()


def test_a_taken_username_is_refused(client: Client) -> None:
    person("dan")
    response = client.post("/account/signup/", {"username": "dan", "password1": PASSWORD, "password2": PASSWORD})
    assert "A user with that username already exists." in response.content.decode()
    assert User.objects.count() == 1


def test_logging_in_and_out(client: Client) -> None:
    person("eve", PASSWORD)
    response = client.post("/account/login/", {"username": "eve", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/diary/").status_code == 200
    assert client.post("/account/logout/").status_code == 302
    assert client.get("/diary/").status_code == 302


def test_a_wrong_password_says_so_without_saying_which_part_was_wrong(client: Client) -> None:
    person("fay", PASSWORD)
    response = client.post("/account/login/", {"username": "fay", "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_a_password_can_be_reset_by_the_link_sent_by_email(client: Client) -> None:
    person("gus", PASSWORD)
    response = client.post("/account/password/reset/", {"email": "gus@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/account/password/reset/\S+/)", mail.outbox[0].body)
    assert link is not None
    form = client.get(link.group(1), follow=True)
    assert "Choose a new password" in form.content.decode()
    new = "another calm passphrase 77"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert client.login(username="gus", password=new)


def test_an_unknown_email_gets_the_same_answer_and_no_mail(client: Client) -> None:
    response = client.post("/account/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_a_used_or_forged_reset_link_says_it_is_not_valid(client: Client) -> None:
    response = client.get("/account/password/reset/MQ/forged-token/")
    assert "This link is not valid any more" in response.content.decode()


def test_the_admin_is_enabled(client: Client) -> None:
    assert client.get("/admin/login/").status_code == 200
