"""Request bodies too large to read: 413 before any view reads them, JSON on the API, a short page elsewhere;
never a 500 (decisions item 3)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

pytestmark = pytest.mark.django_db

ELEVEN_MB = str(11_000_000)


def _assert_api_refusal(response: Any, status: int, words: str) -> None:
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error", "field", "suggestions"} and body["field"] is None
    assert words in body["error"]


def test_a_body_declared_over_10_mb_is_refused_by_the_api_without_being_read(client: Client) -> None:
    """The declared length decides: the tiny body actually sent is never read."""
    response = client.generic("POST", "/api/screen", b"{}", content_type="application/json",
                              CONTENT_LENGTH=ELEVEN_MB)
    _assert_api_refusal(response, 413, "at most 10 MB")


def test_a_page_refuses_a_body_over_10_mb_with_a_short_page(client: Client) -> None:
    response = client.generic("POST", "/check/", b"x=1", content_type="application/x-www-form-urlencoded",
                              CONTENT_LENGTH=ELEVEN_MB)
    assert response.status_code == 413
    assert "Too large" in response.content.decode() and "10 MB" in response.content.decode()


def test_the_refusal_page_speaks_the_visitors_language(client: Client) -> None:
    response = client.generic("POST", "/check/", b"x=1", content_type="application/x-www-form-urlencoded",
                              CONTENT_LENGTH=ELEVEN_MB, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 413 and 'lang="fr"' in response.content.decode()
    assert "Too large" not in response.content.decode()


def test_json_over_djangos_limit_but_under_10_mb_is_a_413_on_the_api_not_a_500(client: Client) -> None:
    big = '{"setting": "home", "notes": "' + "a" * (3 * 1024 * 1024) + '"}'
    _assert_api_refusal(client.post("/api/screen", data=big, content_type="application/json"), 413, "too large")


def test_a_form_over_djangos_limit_but_under_10_mb_comes_back_as_the_form_not_an_error(client: Client) -> None:
    """Decisions item 3: the form again, with the message (tests/web/test_oversized_fields.py: by the field)."""
    response = client.post("/check/", data={"notes": "a" * (3 * 1024 * 1024)})
    assert response.status_code == 200 and "too long to be read" in response.content.decode()


def test_a_form_with_more_fields_than_django_reads_is_still_refused_with_a_413(client: Client) -> None:
    many = "&".join(f"f{n}=" + "a" * 2000 for n in range(1500))  # over 2 MiB and over 1 000 fields
    response = client.post("/check/", many, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413


def test_a_file_upload_under_10_mb_still_reaches_the_form(client: Client) -> None:
    """Files do not count against Django's form-data limit: a 3 MB upload is not refused by size."""
    response = client.post("/check/", data={"file": SimpleUploadedFile("a.bin", b"x" * (3 * 1024 * 1024))})
    assert response.status_code != 413 and response.status_code < 500


def test_a_streamed_body_without_a_length_is_refused_with_411(client: Client) -> None:
    response = client.generic("POST", "/api/screen", b"", HTTP_TRANSFER_ENCODING="chunked")
    _assert_api_refusal(response, 411, "Content-Length")
    page = client.generic("POST", "/check/", b"", HTTP_TRANSFER_ENCODING="chunked")
    assert page.status_code == 411 and "Length required" in page.content.decode()


def test_ordinary_bodies_pass(client: Client) -> None:
    response = client.post("/api/screen", data={"setting": "home", "start": "2030-03-01", "zones": ["forehead"]},
                           content_type="application/json")
    assert response.status_code == 200


def test_a_multipart_body_over_djangos_limit_on_the_api_is_a_413_in_the_error_shape(client: Client) -> None:
    response = client.post("/api/screen", data={"notes": "a" * (3 * 1024 * 1024)})
    _assert_api_refusal(response, 413, "too large")


@pytest.mark.parametrize(("language", "title"), [("ru", "Слишком большой запрос"), ("fr", "Trop volumineux")])
def test_the_refusal_page_follows_the_language_chosen_with_the_switch(
        client: Client, language: str, title: str) -> None:
    """The refused body is never read, yet the page is in the visitor's chosen language, not the browser's."""
    client.post("/language/", {"language": language, "next": "/"})
    response = client.generic("POST", "/check/", b"x=1", content_type="application/x-www-form-urlencoded",
                              CONTENT_LENGTH=ELEVEN_MB, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 413 and f'lang="{language}"' in page and title in page
