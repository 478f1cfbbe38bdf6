"""Pages for everyone: home, the glossary, the sources, and the one-term explanation."""

from __future__ import annotations

import pytest
from django.test import Client

from mesoplan import services

pytestmark = pytest.mark.django_db


def test_the_home_page_leads_to_the_self_check(client: Client) -> None:
    page = client.get("/").content.decode()
    assert "/check/" in page
    assert "it does not replace a doctor" in page


def test_the_glossary_explains_every_condition_in_plain_words(client: Client) -> None:
    page = client.get("/words/").content.decode()
    for entry in services.knowledge().vocabulary.values():
        assert f'id="{entry.category}-{entry.id}"' in page
    assert "Dry, itchy, inflamed patches of skin." in page


def test_the_sources_page_has_an_anchor_for_every_code_a_reason_can_cite(client: Client) -> None:
    page = client.get("/sources/").content.decode()
    kb = services.knowledge()
    for code in [*kb.sources, *kb.seed_facts]:
        assert f'id="src-{code}"' in page


def test_the_explanation_of_a_chosen_term_is_one_small_fragment(client: Client) -> None:
    response = client.get("/words/medication/explain/", {"medications-3-id": "isotretinoin"})
    assert response.status_code == 200
    body = response.content.decode()
    assert body.startswith('<p class="explain">') and "Isotretinoin" in body
    assert "<html" not in body


def test_an_unknown_term_explains_nothing_and_an_unknown_category_is_404(client: Client) -> None:
    nothing = client.get("/words/condition/explain/", {"x-id": "nope"}).content.decode().strip()
    assert nothing == '<p class="explain"></p>'
    assert client.get("/words/planets/explain/").status_code == 404


def test_a_page_asked_for_in_russian_says_so_and_still_renders(client: Client) -> None:
    response = client.get("/check/", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 200
    assert '<html lang="ru">' in response.content.decode()


def test_the_vendored_htmx_is_version_2(client: Client) -> None:
    from django.contrib.staticfiles import finders

    path = finders.find("front/htmx-2.0.11.min.js")
    assert path is not None
    with open(path, encoding="utf-8") as f:
        assert 'version:"2.' in f.read()
