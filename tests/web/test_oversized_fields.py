"""A form whose text is over Django's 2 MiB limit, but under the 10 MB body cap, comes back as the form with a
message by the field too long to read (decisions item 3), what else was typed kept, nothing stored."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from web_builders import days_ago, image_bytes, intake_post

from mesoplan.web.records.models import Photo, Session

pytestmark = pytest.mark.django_db
THREE_MB = "1" * (3 * 1024 * 1024)
TOO_LONG = "This is too long to be read: all the text of this form may be at most 2 MB. Shorten it."


def block(response: Any, name: str) -> str:
    """The part of the page from one field's block to the next field's."""
    html = response.content.decode()
    start = html.index(f'id="field-{name}"')
    end = html.find('id="field-', start + 10)
    return str(html[start:end if end != -1 else html.index("</form>", start)])


def post_urlencoded(client: Client, path: str, data: dict[str, Any]) -> Any:
    """As a browser posts a form without a file (the test client's default is multipart)."""
    return client.post(path, urlencode(data, doseq=True), content_type="application/x-www-form-urlencoded")


def test_the_self_check_shows_the_message_by_the_field_too_long_and_keeps_the_rest(client: Client) -> None:
    response = post_urlencoded(client, "/check/", intake_post(age=THREE_MB, device_kind="dermaroller"))
    assert response.status_code == 200
    assert TOO_LONG in block(response, "age")
    assert 'value="dermaroller" selected' in block(response, "device_kind")
    assert "selfcheck_intake" not in client.session


def test_a_field_of_a_self_check_row_too_long_is_shown_by_that_row(client: Client) -> None:
    response = post_urlencoded(client, "/check/", intake_post(**{"medications-0-id": THREE_MB}))
    assert response.status_code == 200
    assert TOO_LONG in block(response, "medications-0-id")


def test_an_unknown_field_too_long_is_said_above_the_form(client: Client) -> None:
    response = post_urlencoded(client, "/check/", intake_post(notes=THREE_MB))
    assert response.status_code == 200
    assert "Part of what was sent was too long to be read and was left out." in response.content.decode()


def test_a_diary_session_with_notes_too_long_is_shown_by_the_notes(client: Client, ana: User) -> None:
    response = client.post("/diary/sessions/new/", {"date": days_ago(1).isoformat(), "setting": "home",
                                                    "zones": ["forehead"], "notes": THREE_MB})  # multipart
    assert response.status_code == 200
    assert TOO_LONG in block(response, "notes")
    assert 'value="forehead" id="id_zones_0" checked' in block(response, "zones")
    assert not Session.objects.exists()


def test_a_diary_session_posted_urlencoded_with_notes_too_long_is_shown_by_the_notes(
        client: Client, ana: User) -> None:
    response = post_urlencoded(client, "/diary/sessions/new/", {
        "date": days_ago(1).isoformat(), "setting": "home", "zones": ["forehead"], "notes": THREE_MB})
    assert TOO_LONG in block(response, "notes")
    assert not Session.objects.exists()


def test_a_photo_whose_caption_is_too_long_is_shown_by_the_caption_and_not_stored(
        client: Client, ana: User) -> None:
    response = client.post("/diary/photos/new/", {
        "kind": "before", "taken_on": days_ago(1).isoformat(), "caption": THREE_MB,
        "image": SimpleUploadedFile("p.jpg", image_bytes())})
    assert response.status_code == 200
    assert TOO_LONG in block(response, "caption")
    assert not Photo.objects.exists()


def test_a_large_photo_with_short_text_is_still_stored(client: Client, ana: User) -> None:
    """Files do not count against the form's text: a 3 MB photo upload goes through as before."""
    big = image_bytes(size=(64, 48)) + b"\x00" * (3 * 1024 * 1024)  # a real JPEG, padded after its end
    response = client.post("/diary/photos/new/", {"kind": "before", "taken_on": days_ago(1).isoformat(),
                                                  "image": SimpleUploadedFile("p.jpg", big)})
    assert response.status_code == 302
    assert Photo.objects.count() == 1
