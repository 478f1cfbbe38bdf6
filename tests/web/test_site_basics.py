"""What every visitor's browser meets: a favicon, compressed pages (never where a secret is shown), and a
glossary that explains every zone in every language."""

from __future__ import annotations

import gzip
import re

import pytest
from django.test import Client
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from web_builders import intake

from mesoplan import services

pytestmark = pytest.mark.django_db


def test_the_favicon_is_served_where_browsers_ask_for_it(client: Client) -> None:
    """`/favicon.ico` is an icon (was a 404 on every page), cached for a week; pages link it and an SVG."""
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    assert response.content.startswith(b"\x00\x00\x01\x00") and b"PNG" in response.content[:64]
    assert "max-age=604800" in response["Cache-Control"]
    assert client.head("/favicon.ico").status_code == 200
    page = client.get("/").content.decode()
    assert 'rel="icon" href="/static/front/favicon.svg"' in page and 'href="/static/front/favicon.ico"' in page


def test_html_pages_are_sent_compressed_to_a_browser_that_accepts_gzip(client: Client) -> None:
    """The plan's page, the heaviest, comes gzip-compressed and decompresses to the page."""
    session = client.session
    session["selfcheck_intake"] = intake(start="2026-12-01")
    session.save()
    response = client.get("/check/answer/plan/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response.status_code == 200 and response["Content-Encoding"] == "gzip"
    page = gzip.decompress(response.content).decode()
    assert 'id="plan-timeline"' in page
    assert len(response.content) < len(page.encode()) / 3
    assert "Accept-Encoding" in response["Vary"]
    assert "Content-Encoding" not in client.get("/check/answer/plan/").headers  # not asked for, not sent


def test_pages_that_show_secrets_and_the_api_are_never_compressed(client: Client) -> None:
    """BREACH: the account pages (new API tokens, passwords) and JSON stay uncompressed."""
    login = client.get("/account/login/", HTTP_ACCEPT_ENCODING="gzip")
    assert login.status_code == 200 and "Content-Encoding" not in login.headers
    api = client.get("/api/knowledge", HTTP_ACCEPT_ENCODING="gzip")
    assert api.status_code == 200 and "Content-Encoding" not in api.headers


@pytest.mark.parametrize("language", ["en", "ru", "fr"])
def test_the_glossary_explains_every_zone(client: Client, language: str) -> None:
    """Each zone has a sentence, in the reader's language, never a dash (four zones had only "—")."""
    client.cookies["django_language"] = language
    page = client.get("/words/").content.decode()
    kb = services.knowledge()
    for zone in kb.zones.values():
        entry = re.search(rf'<dt id="zone-{zone.id}">.*?</dt>\s*<dd>(.*?)<span class="sources', page, re.S)
        assert entry is not None, zone.id
        sentence = entry.group(1).strip()
        assert sentence and "muted" not in sentence, (zone.id, sentence)
        with translation.override(language):
            assert sentence == escape(gettext(zone.note or "")), zone.id
        if language != "en":
            assert sentence != escape(zone.note or ""), (language, zone.id)  # translated, not English
