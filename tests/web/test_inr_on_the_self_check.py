"""The latest INR result of an anticoagulant (issue 13) on the self-check form, in the answer and in the intake."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils.html import escape
from web_builders import intake_post

pytestmark = pytest.mark.django_db

ON_WARFARIN = {"medications-0-id": "anticoagulant", "medications-0-prescribed": "on"}


def test_the_form_asks_for_the_latest_inr_in_plain_words(client: Client) -> None:
    form = client.get("/check/").content.decode()
    assert 'name="medications-0-inr"' in form
    assert escape("Only if your dose is set by INR blood tests (warfarin)") in form


def test_an_inr_above_the_limit_is_kept_and_the_answer_says_not_now(client: Client) -> None:
    response = client.post("/check/", intake_post(**ON_WARFARIN, **{"medications-0-inr": "4.2"}))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert client.session["selfcheck_intake"]["medications"] == [
        {"id": "anticoagulant", "prescribed": True, "inr": 4.2}]
    answer = client.get("/check/answer/").content.decode()
    assert escape("Your recorded INR is 4.2: above 3.5") in answer


def test_the_answer_reads_in_russian(client: Client) -> None:
    client.post("/language/", {"language": "ru", "next": "/check/"})
    client.post("/check/", intake_post(**ON_WARFARIN, **{"medications-0-inr": "2.4"}))
    answer = client.get("/check/answer/").content.decode()
    assert "Ваше МНО по записи — 2.4" in answer or "Ваше МНО по записи — 2,4" in answer


def test_an_inr_that_is_not_a_number_is_shown_next_to_its_field(client: Client) -> None:
    response = client.post("/check/", intake_post(**ON_WARFARIN, **{"medications-0-inr": "high"}))
    assert response.status_code == 200
    assert "selfcheck_intake" not in client.session
    assert 'aria-invalid="true"' in response.content.decode() or "errorlist" in response.content.decode()
