"""Bad input on every form and upload: never a 500, and nothing stored half-way."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from web_builders import intake_post, person, photo, reaction, saved_check, session

pytestmark = pytest.mark.django_db

NASTY = ["", " ", "\x00", "A\x00B", "x" * 10000, "🙂" * 300, "-1", "1e999", "NaN", "<script>alert(1)</script>",
         "'; DROP TABLE records_session; --", "2026-13-45", "99999999999999999999999", "[]", "{}"]
FIELDS = ["username", "email", "password", "password1", "password2", "new_password1", "title", "setting", "start",
          "age", "sex", "fitzpatrick", "zones", "goals", "allergies", "serums", "device_kind", "device_needle_mm",
          "device_needles", "device_first_used", "device_uses", "conditions-0-id", "conditions-0-until",
          "medications-0-stopped", "procedures-0-date", "date", "kind", "label", "needle_mm", "first_used",
          "uses_before", "last_sanitised", "retired_on", "passes", "serum", "outcome", "notes", "device", "session",
          "days_after", "symptom", "severity", "taken_on", "zone", "caption", "add"]


def _counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_models()
            if m._meta.app_label in ("records", "auth") and m._meta.model_name != "permission"}


def _form_urls(owner: User) -> list[str]:
    check = saved_check(owner)
    return ["/account/signup/", "/account/login/", "/account/password/reset/", "/check/", "/check/save/",
            f"/check/saved/{check.pk}/edit/", "/diary/sessions/new/", f"/diary/sessions/{session(owner).pk}/",
            "/diary/devices/new/", "/diary/reactions/new/", f"/diary/reactions/{reaction(owner).pk}/",
            "/diary/photos/new/", "/account/password/change/"]


@pytest.mark.parametrize("value", NASTY)
def test_every_form_survives_nasty_values_in_every_field(client: Client, value: str) -> None:
    ana = person("ana")
    photo(ana)
    urls = _form_urls(ana)
    client.force_login(ana)
    for url in urls:
        before = _counts()
        data: dict[str, Any] = {**intake_post(), **dict.fromkeys(FIELDS, value)}
        response = client.post(url, data)
        assert response.status_code < 500, url
        if response.status_code == 200:  # shown again with errors: nothing may have been written
            assert _counts() == before, url
        client.force_login(ana)  # a password change form may have logged the session out


@pytest.mark.parametrize("url", ["/diary/photos/new/", "/diary/reactions/new/"])
@pytest.mark.parametrize("content", [b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, b"\xff\xd8\xff" + b"\x00" * 100,
                                     b"%PDF-1.4 not an image", b"RIFF\x00\x00\x00\x00WEBP"])
def test_uploads_that_pretend_to_be_images_are_refused_by_the_field(
        client: Client, url: str, content: bytes) -> None:
    ana = person("ana")
    client.force_login(ana)
    before = _counts()
    response = client.post(url, {"kind": "before", "taken_on": "2026-01-01", "date": "2026-01-01",
                                 "symptom": "redness", "severity": "2",
                                 "image": SimpleUploadedFile("x.jpg", content),
                                 "photo": SimpleUploadedFile("x.jpg", content)})
    assert response.status_code == 200
    assert "not a photo we can read" in response.content.decode()
    assert _counts() == before


def test_a_missing_csrf_token_is_refused_with_a_page_not_a_crash() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/check/", intake_post())
    assert response.status_code == 403


def test_a_post_too_large_for_django_is_the_form_again_not_a_500(client: Client) -> None:
    response = client.post("/check/", {"notes": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 200 and "too long to be read" in response.content.decode()


def test_a_post_over_the_10_mb_cap_is_a_413_not_a_500(client: Client) -> None:
    response = client.post("/check/", {}, CONTENT_LENGTH="11000000")
    assert response.status_code == 413
