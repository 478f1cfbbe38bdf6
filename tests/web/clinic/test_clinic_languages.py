"""Every clinic page a member opens reads in Russian and in French: no English sentence is left.

The pages are those of the clinic's access matrix (`test_clinic_isolation.PAGES`), so a new
page is crawled here as soon as it is listed there. What a page shows of people's own words
(the records of the test clinic, all starting with `OURS-`) and the citations of sources
(kept as published) are not the site's text and are left out.
"""

from __future__ import annotations

import pytest
from clinic_world import Side, build_side
from django.test import Client as Browser
from page_text import english_left
from test_clinic_isolation import PAGES, _object, _url

from mesoplan.web.clinic import audit

pytestmark = pytest.mark.django_db


@pytest.fixture
def ours() -> Side:
    build_side("b", "THEIRS-")
    return build_side("a", "OURS-")


@pytest.mark.parametrize("language", ["ru", "fr"])
@pytest.mark.parametrize("role", ["admin", "practitioner", "front_desk"])
def test_every_clinic_page_reads_in_the_members_language(
        client: Browser, ours: Side, language: str, role: str) -> None:
    client.force_login(getattr(ours, role))
    audit.record(ours.admin, "view", client=ours.client, detail="session of 2026-12-02")
    left: dict[str, list[str]] = {}
    for name, page in sorted(PAGES.items()):
        if "get" not in page.methods or page.action == "client_self" or page.takes == "token":
            continue  # actions, the client's own pages, and the invitee's signed link (not a member's page)
        response = client.get(_url(name, _object(ours, page.takes) if page.takes else None),
                              HTTP_ACCEPT_LANGUAGE=language)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            assert response["Content-Language"] == language
            page = response.content.decode()
            assert "<html" not in page or f'<html lang="{language}">' in page  # a page declares what it serves
            english = english_left(response.content.decode())
            if english:
                left[name] = english
    assert not left, left


def test_the_check_would_see_an_english_sentence() -> None:
    assert english_left("<p>Записи</p><p>Save the client</p>") == ["Save the client"]
    assert english_left('<a href="/sources/#src-P2" title="Significance of water loss after needling">P2</a>') == []
    assert english_left("<p>код для клиента: <strong>ARE9UZ2KXV</strong> TO4THE</p>") == []
