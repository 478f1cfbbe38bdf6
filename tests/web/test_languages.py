"""Pages and API answers in Russian and French: the account's choice, the session's, then Accept-Language."""

from __future__ import annotations

import html as html_lib
import re
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from web_builders import intake

from factories import contract_example
from mesoplan.web.accounts.models import Profile

pytestmark = pytest.mark.django_db

POSTPONED = intake(
    start="2026-12-01",
    zones=["forehead", "cheeks", "periorbital"],
    conditions=[{"id": "eczema", "zones": ["cheeks"]}],
    medications=[{"id": "isotretinoin", "stopped": "2026-08-01"}],
    device={"kind": "dermaroller", "needle_mm": 0.5},
)
# English words of the verdict and reasons; none may be left in a translated answer.
ENGLISH = re.compile(r"\b(the|and|your|with|before|after|until|wait|doctor|needle|session|skin|not|yet)\b", re.I)


def choose(client: Client, language: str) -> None:
    """Use the language switch at the foot of every page."""
    response = client.post("/language/", {"language": language, "next": "/check/"})
    assert response.status_code == 302 and response["Location"] == "/check/"


def answer(client: Client, **headers: str) -> str:
    session = client.session
    session["selfcheck_intake"] = POSTPONED
    session.save()
    response = client.get("/check/answer/", **headers)
    assert response.status_code == 200
    return response.content.decode()


def verdict_and_reasons(page: str) -> str:
    """The text a person reads from the verdict to the end of the reasons, without tags or attributes."""
    start = page.index('class="verdict')
    end = page.index("</ul>", page.index('class="reasons"'))
    text = re.sub(r"<[^>]+>", " ", page[page.index(">", start) + 1:end])
    return html_lib.unescape(re.sub(r"[ \t\r\n]+", " ", text))


def test_a_russian_home_user_reads_the_answer_in_russian(client: Client, ana: User) -> None:
    choose(client, "ru")
    page = answer(client, HTTP_ACCEPT_LANGUAGE="en")  # the saved choice wins over the browser
    assert '<html lang="ru">' in page
    text = verdict_and_reasons(page)
    assert "Пока нет — подождите до 1 февраля 2027\u202fг." in text
    assert "изотретиноин" in text.lower()
    assert not ENGLISH.findall(text), ENGLISH.findall(text)


def test_a_french_home_user_reads_the_answer_in_french(client: Client, ana: User) -> None:
    choose(client, "fr")
    page = answer(client)
    assert '<html lang="fr">' in page
    text = verdict_and_reasons(page)
    assert "Pas encore — attendez le 1 février 2027" in text
    assert "isotrétinoïne" in text.lower()
    assert not ENGLISH.findall(text), ENGLISH.findall(text)


def test_the_switch_saves_the_choice_on_the_account(client: Client, ana: User) -> None:
    choose(client, "fr")
    assert Profile.objects.get(user=ana).language == "fr"
    other = Client()
    other.force_login(ana)  # a new browser: the account's choice follows the person
    assert '<html lang="fr">' in other.get("/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()


def test_a_visitor_choice_lives_in_the_session(client: Client) -> None:
    choose(client, "ru")
    assert '<html lang="ru">' in client.get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<html lang="fr">' in Client().get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()


@pytest.mark.parametrize(("header", "served"), [("ru-RU,ru;q=0.9", "ru"), ("fr-CA", "fr"), ("de-DE", "en"),
                                                ("", "en")])
def test_without_a_choice_accept_language_decides_and_only_a_served_language_is_declared(
        client: Client, header: str, served: str) -> None:
    page = client.get("/", HTTP_ACCEPT_LANGUAGE=header).content.decode()
    assert f'<html lang="{served}">' in page


def test_an_unknown_language_changes_nothing(client: Client, ana: User) -> None:
    client.post("/language/", {"language": "de", "next": "/"})
    assert not Profile.objects.filter(user=ana).exists()
    assert '<html lang="en">' in client.get("/").content.decode()


def test_the_switch_never_sends_the_visitor_to_another_site(client: Client) -> None:
    response = client.post("/language/", {"language": "fr", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def _screen(client: Client, **headers: str) -> Any:
    response = client.post("/api/screen", contract_example(), content_type="application/json", **headers)
    assert response.status_code == 200
    return response


def test_the_api_answers_in_the_language_of_accept_language(client: Client) -> None:
    response = _screen(client, HTTP_ACCEPT_LANGUAGE="fr")
    assert response["Content-Language"] == "fr"
    body = response.json()
    messages = " ".join(r["message"] for r in body["reasons"])
    assert "Votre aspirine est prescrite\u00a0: ne l'arrêtez pas pour cela." in messages
    assert "isotrétinoïne" in messages
    assert (body["verdict"], body["reasons"][0]["rule"]) == ("consult", _screen(client).json()["reasons"][0]["rule"])


def test_the_api_keeps_english_without_accept_language_even_for_a_russian_account(client: Client,
                                                                                  ana: User) -> None:
    choose(client, "ru")
    messages = " ".join(r["message"] for r in _screen(client).json()["reasons"])
    assert "Your aspirin is prescribed" in messages


@pytest.mark.parametrize(("language", "written"), [("en", "1 December 2026 · 1 Dec 2026"),
                                                   ("ru", "1 декабря 2026\u202fг. · 1 дек 2026"),
                                                   ("fr", "1 décembre 2026 · 1 déc 2026")])
def test_dates_in_every_template_take_the_month_in_the_right_case(language: str, written: str) -> None:
    """Clinic pages, tokens, audit: `|date:"j F Y"` never writes "1 Декабрь 2026"."""
    from django.template import engines
    from django.utils import translation

    page = engines["django"].from_string('{{ day|date:"j F Y" }} · {{ day|date:"j M Y" }}')
    with translation.override(language):
        assert page.render({"day": date(2026, 12, 1)}) == written
