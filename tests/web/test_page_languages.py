"""Every page of a home user and of a visitor reads in Russian and in French: no English sentence left.

The pages are every named page of the site outside the clinic (which has its own crawl) and
the API, so a new page is crawled as soon as it has a URL. People's own words (the test
records, all starting with `ANA-`) and the citations of sources are not the site's text.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import get_resolver, reverse
from page_text import english_left
from test_isolation import OWNED_URLS, WRONG_METHODS, _named_patterns, ana_things  # noqa: F401 (a fixture)
from test_languages import POSTPONED

from mesoplan.web.accounts.models import save_language
from mesoplan.web.home.reminders import SESSIONS, unsubscribe_token

pytestmark = pytest.mark.django_db

# Pages that are not a page to read: downloads, actions answered by a redirect, and fragments.
NOT_PAGES = {"front:explain", "front:set_language", "selfcheck:download_ics", "selfcheck:download_pdf",
             "selfcheck:save", "selfcheck:saved_rescreen", "selfcheck:saved_ics", "selfcheck:saved_pdf",
             "accounts:logout", "tokens:revoke", "diary:device_cleaned", "diary:photo_image",
             "accounts:password_reset_confirm",
             # FHIR definitions: JSON for other systems, in English like the codes' displays (docs/fhir.md)
             "front:fhir_definitions", "front:fhir_code_system", "front:fhir_extension"}
# Pages a logged-in person is sent away from: read as a visitor.
VISITOR_PAGES = {"accounts:signup", "accounts:login", "accounts:password_reset", "accounts:password_reset_done",
                 "accounts:password_reset_complete"}

# Pages whose URL carries something other than an object's id.
ARGS = {"home:unsubscribe": lambda things: [unsubscribe_token(things["user"], SESSIONS)]}


def _pages() -> list[str]:
    return sorted(name for name, _ in _named_patterns(get_resolver())
                  if not name.startswith(("clinic:", "api:", "admin:")) and name not in NOT_PAGES
                  and "get" not in WRONG_METHODS.get(name, ()))


@pytest.mark.parametrize("language", ["ru", "fr"])
def test_every_page_of_a_home_user_reads_in_their_language(
        client: Client, ana_things: dict[str, Any], language: str) -> None:  # noqa: F811 (the fixture)
    visitor = Client()
    save_language(ana_things["user"], language)  # her emails and the pages they link to speak it too
    client.force_login(ana_things["user"])
    session = client.session
    session["selfcheck_intake"] = POSTPONED
    session.save()
    left: dict[str, list[str]] = {}
    for name in _pages():
        kind = OWNED_URLS.get(name)
        args = [ana_things[kind].pk] if kind else ARGS.get(name, lambda things: [])(ana_things)
        url = reverse(name, args=args)
        reader = visitor if name in VISITOR_PAGES else client
        response = reader.get(url, HTTP_ACCEPT_LANGUAGE=language)
        if response.status_code == 405 or not response["Content-Type"].startswith("text/html"):
            continue  # an action (POST only) or a download: nothing to read
        assert response.status_code == 200, (name, response.status_code)
        assert response["Content-Language"] == language
        page = response.content.decode()
        assert "<html" not in page or f'<html lang="{language}">' in page  # a page declares what it serves
        english = english_left(response.content.decode(), own_words="ANA-")
        if english:
            left[name] = english
    assert not left, left
