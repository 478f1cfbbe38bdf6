"""Bad input on every clinic form and upload: never a 500, a message by the field, and nothing written half-way."""

from __future__ import annotations

from typing import Any

import pytest
from chart_posts import chart_post
from clinic_world import Side
from django.apps import apps
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as Browser
from web_builders import image_bytes

pytestmark = pytest.mark.django_db

NASTY = ["", " ", "\x00", "A\x00B", "x" * 10000, "🙂" * 300, "-1", "1e999", "NaN", "<script>alert(1)</script>",
         "'; DROP TABLE clinic_client; --", "2026-13-45", "99999999999999999999999", "[]", "{}"]
FIELDS = ["organisation", "name", "birth_date", "sex", "email", "phone", "date", "procedure", "location",
          "practitioner", "zones", "anaesthetic", "notes", "zone-forehead-device_kind", "zone-forehead-needle_mm",
          "zone-forehead-passes", "products-0-ingredient", "products-0-product_name", "products-0-lot",
          "products-0-expiry", "products-TOTAL_FORMS", "text_id", "agree", "signed_name", "text", "username", "role",
          "address", "code", "note", "photo_kind", "kind", "taken_on", "zone", "caption", "symptom", "severity",
          "session", "setting", "start", "goals", "conditions-0-id", "add"]


def _counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_app_config("clinic").get_models()}


def _forms(side: Side, ana: User) -> list[tuple[User, str]]:
    c, org = side.client.pk, side.organisation.pk
    staff = ["/clinic/clients/new/", f"/clinic/clients/{c}/edit/", f"/clinic/clients/{c}/intake/",
             f"/clinic/clients/{c}/consent/microneedling/", f"/clinic/clients/{c}/sessions/new/",
             f"/clinic/sessions/{side.draft.pk}/edit/", f"/clinic/clients/{c}/reactions/new/",
             f"/clinic/sessions/{side.session.pk}/amend/", f"/clinic/sessions/{side.draft.pk}/photos/new/",
             "/clinic/new/", f"/clinic/org/{org}/members/", f"/clinic/org/{org}/locations/",
             f"/clinic/org/{org}/consent-texts/", "/clinic/clients/import/"]
    return [(side.admin, url) for url in staff] + [(ana, "/clinic/me/link/"),
                                                    (ana, f"/clinic/me/{c}/consent/microneedling/")]


@pytest.mark.parametrize("value", NASTY)
def test_every_clinic_form_survives_nasty_values_in_every_field(
        client: Browser, ours: Side, ana: User, value: str) -> None:
    data: dict[str, Any] = {**chart_post(ours), **dict.fromkeys(FIELDS, value)}
    for user, url in _forms(ours, ana):
        client.force_login(user)
        before = _counts()
        response = client.post(url, data)
        assert response.status_code < 500, url
        if response.status_code == 200:  # shown again with its errors: nothing may have been written
            assert _counts() == before, url


@pytest.mark.parametrize("content", [b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, b"\xff\xd8\xff" + b"\x00" * 100,
                                     b"%PDF-1.4 not an image", b"RIFF\x00\x00\x00\x00WEBP"])
@pytest.mark.parametrize("where", ["photo", "amendment", "chart"])
def test_uploads_that_pretend_to_be_images_are_refused_by_the_field(
        client: Browser, ours: Side, content: bytes, where: str) -> None:
    client.force_login(ours.practitioner)
    before = _counts()
    if where == "photo":
        response = client.post(f"/clinic/sessions/{ours.draft.pk}/photos/new/", {
            "kind": "before", "taken_on": ours.draft.date.isoformat(), "image": SimpleUploadedFile("x.jpg", content)})
    elif where == "chart":
        response = client.post(f"/clinic/clients/{ours.client.pk}/sessions/new/", {
            **chart_post(ours), "before_photo": SimpleUploadedFile("x.jpg", content)})
    else:
        response = client.post(f"/clinic/sessions/{ours.session.pk}/amend/", {
            "note": "photo", "photo_kind": "after", "photo": SimpleUploadedFile("x.jpg", content)})
    assert response.status_code == 200 and "not a photo we can read" in response.content.decode()
    assert _counts() == before


def test_a_real_photo_is_kept_without_its_metadata(client: Browser, ours: Side) -> None:
    client.force_login(ours.practitioner)
    client.post(f"/clinic/sessions/{ours.draft.pk}/photos/new/", {
        "kind": "after", "taken_on": ours.draft.date.isoformat(),
        "image": SimpleUploadedFile("x.jpg", image_bytes(exif=True), "image/jpeg")})
    photo = ours.draft.photos.order_by("-pk").first()
    assert photo.kind == "after"
    stored = photo.image.open("rb").read()
    assert b"mesoplan-test-secret" not in stored and b"SecretCamera" not in stored


def test_a_bundle_that_is_too_large_is_refused_by_the_field(client: Browser, ours: Side,
                                                            settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = None
    client.force_login(ours.practitioner)
    big = SimpleUploadedFile("c.json", b" " * (5 * 1024 * 1024 + 1), "application/json")
    response = client.post("/clinic/clients/import/", {"organisation": ours.organisation.pk, "bundle": big})
    assert response.status_code == 200 and "too large" in response.content.decode()


def test_a_tampered_product_count_is_a_message_not_a_crash(client: Browser, ours: Side) -> None:
    client.force_login(ours.practitioner)
    for count in ("abc", "100000", "1e3"):
        response = client.post(f"/clinic/clients/{ours.client.pk}/sessions/new/",
                               chart_post(ours, **{"products-TOTAL_FORMS": count}))
        assert response.status_code == 200
