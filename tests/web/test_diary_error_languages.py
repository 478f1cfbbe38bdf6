"""A diary the core cannot read (an entry naming a device kind the knowledge base no longer has) is said on
the diary page in the reader's language, naming the entry, never a server error."""

from __future__ import annotations

from html import unescape

import pytest
from django.contrib.auth.models import User
from django.test import Client
from web_builders import device

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "words"), [
    ("en", "devices[0].kind: unknown device kind 'toaster'"),
    ("ru", "devices[0].kind: неизвестный тип инструмента «toaster»"),
    ("fr", "devices[0].kind\u00a0: type d'appareil inconnu «\u00a0toaster\u00a0»"),
])
def test_a_diary_the_core_refuses_is_said_in_the_readers_language(
        client: Client, ana: User, language: str, words: str) -> None:
    device(ana, kind="toaster")  # stored before its kind left the knowledge base
    response = client.get("/diary/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert words in unescape(response.content.decode())
