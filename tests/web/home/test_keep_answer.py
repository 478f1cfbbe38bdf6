"""Signing up or logging in from an answer saves that check: the person lands on their saved plan."""

from __future__ import annotations

import pytest
from django.test import Client
from web_builders import PASSWORD, intake, person

from mesoplan.web.records.models import SavedCheck, SavedPlan
from mesoplan.web.selfcheck.session_store import KEY

pytestmark = pytest.mark.django_db

ANSWER = "/check/answer/"


def visitor_with_an_answer(client: Client) -> dict[str, object]:
    data = intake()
    session = client.session
    session[KEY] = data
    session.save()
    return data


def test_the_answer_page_offers_sign_up_and_log_in_that_keep_it(client: Client) -> None:
    visitor_with_an_answer(client)
    page = client.get(ANSWER).content.decode()
    assert f'/account/signup/?next={ANSWER}' in page and f'/account/login/?next={ANSWER}' in page
    form = client.get(f"/account/signup/?next={ANSWER}").content.decode()
    assert f'name="next" value="{ANSWER}"' in form


def test_signing_up_from_an_answer_saves_it_and_lands_on_the_saved_plan(client: Client) -> None:
    data = visitor_with_an_answer(client)
    response = client.post("/account/signup/", {"username": "bea", "email": "bea@example.org", "next": ANSWER,
                                                "password1": PASSWORD, "password2": PASSWORD})
    check = SavedCheck.objects.get(owner__username="bea")
    assert check.intake == data and SavedPlan.objects.filter(saved_check=check).exists()
    assert response["Location"] == f"/check/saved/{check.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Your check is saved in your account" in page
    assert "Next session" in client.get("/").content.decode()


def test_logging_in_from_an_answer_saves_it_once(client: Client) -> None:
    person("cid", PASSWORD)
    visitor_with_an_answer(client)
    response = client.post("/account/login/", {"username": "cid", "password": PASSWORD, "next": ANSWER})
    check = SavedCheck.objects.get(owner__username="cid")
    assert response["Location"] == f"/check/saved/{check.pk}/"
    client.post("/account/logout/")
    visitor_with_an_answer(client)
    client.post("/account/login/", {"username": "cid", "password": PASSWORD, "next": ANSWER})
    assert SavedCheck.objects.filter(owner__username="cid").count() == 1


def test_signing_up_elsewhere_saves_nothing_and_lands_on_the_home(client: Client) -> None:
    visitor_with_an_answer(client)
    response = client.post("/account/signup/", {"username": "dee", "password1": PASSWORD, "password2": PASSWORD})
    assert response["Location"] == "/" and not SavedCheck.objects.exists()


def test_the_language_read_at_sign_up_becomes_the_accounts(client: Client) -> None:
    from mesoplan.web.accounts.models import saved_language

    client.post("/language/", {"language": "fr", "next": "/"})
    client.post("/account/signup/", {"username": "eva", "password1": PASSWORD, "password2": PASSWORD})
    from django.contrib.auth.models import User

    assert saved_language(User.objects.get(username="eva")) == "fr"
