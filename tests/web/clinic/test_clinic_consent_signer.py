"""Who signs a consent and how: the client's own name (or staff confirm another), a guardian for a
minor, a drawn signature kept as a PNG with the text's digest, time and device."""

from __future__ import annotations

import base64
import io
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from clinic_builders import published, today
from clinic_world import Side
from django.test import Client as Browser
from PIL import Image

from mesoplan.web.clinic import consent
from mesoplan.web.clinic.models import Client, ConsentSignature

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def _page(side: Side) -> str:
    return f"/clinic/clients/{side.client.pk}/consent/microneedling/"


def _png(width: int = 300, height: int = 100, kind: str = "PNG") -> str:
    image = Image.new("RGBA", (width, height), (255, 255, 255, 0))
    for x in range(20, min(width, 200)):
        image.putpixel((x, height // 2), (0, 0, 0, 255))
    out = io.BytesIO()
    (image if kind == "PNG" else image.convert("RGB")).save(out, kind)
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()  # what the page sends


def _latest(side: Side) -> ConsentSignature:
    return ConsentSignature.objects.filter(client=side.client).order_by("-pk").first()


def _post(browser: Browser, side: Side, **data: str) -> str:
    text = published(side.organisation, side.admin, text="Version two.")
    browser.force_login(side.front_desk)
    return browser.post(_page(side), {"text_id": text.pk, "agree": "on", **data}, follow=True).content.decode()


def test_someone_elses_name_is_refused_by_the_name_field(client: Browser, ours: Side) -> None:
    html = _post(client, ours, signed_name="Someone Else")
    assert "This is not the client&#x27;s name (Client a)" in html
    assert not consent.is_current(ours.client, "microneedling")


def test_the_clients_name_in_another_order_and_case_is_accepted(client: Browser, ours: Side) -> None:
    _post(client, ours, signed_name="A  CLIENT")
    assert consent.is_current(ours.client, "microneedling")
    assert _latest(ours).name_differs_reason == "" and _latest(ours).name_confirmed_by is None


def test_staff_confirm_a_different_name_and_the_reason_is_recorded(client: Browser, ours: Side) -> None:
    html = _post(client, ours, signed_name="Client Married", name_differs="on")
    assert "Say why the name differs." in html and not consent.is_current(ours.client, "microneedling")
    client.post(_page(ours), {"text_id": consent.latest_text(ours.organisation.pk, "microneedling").pk,
                              "agree": "on", "signed_name": "Client Married", "name_differs": "on",
                              "name_differs_reason": "married name"})
    signature = _latest(ours)
    assert (signature.signed_name, signature.name_differs_reason) == ("Client Married", "married name")
    assert signature.name_confirmed_by == ours.front_desk
    html = client.get(f"/clinic/clients/{ours.client.pk}/").content.decode()
    assert "married name" in html


def test_the_client_on_her_own_page_cannot_confirm_another_name(client: Browser, ours: Side, ana: object) -> None:
    text = published(ours.organisation, ours.admin, text="Version two.")
    client.force_login(ana)  # type: ignore[arg-type]
    html = client.post(f"/clinic/me/{ours.client.pk}/consent/microneedling/", {
        "text_id": text.pk, "agree": "on", "signed_name": "Ana", "name_differs": "on",
        "name_differs_reason": "me"}).content.decode()
    assert "ask a member of staff" in html and not consent.is_current(ours.client, "microneedling")


def _minor(side: Side) -> None:
    born = today() - timedelta(days=15 * 366)
    Client.objects.filter(pk=side.client.pk).update(birth_date=born)
    side.client.refresh_from_db()


def test_a_minor_needs_a_guardian_with_name_and_relation(client: Browser, ours: Side) -> None:
    _minor(ours)
    html = _post(client, ours, signed_name="Client a")
    assert "is a minor: a parent or guardian signs for them" in html
    assert html.count("This field is required.") == 2 and not consent.is_current(ours.client, "microneedling")


def test_the_guardian_signs_with_their_own_name_and_it_is_recorded(client: Browser, ours: Side) -> None:
    _minor(ours)
    html = _post(client, ours, guardian_name="Paul Client", guardian_relation="parent", signed_name="Someone")
    assert "type the guardian&#x27;s name as above" in html
    client.post(_page(ours), {"text_id": consent.latest_text(ours.organisation.pk, "microneedling").pk,
                              "agree": "on", "guardian_name": "Paul Client", "guardian_relation": "parent",
                              "signed_name": "client paul"})
    signature = _latest(ours)
    assert (signature.guardian_name, signature.guardian_relation) == ("Paul Client", "parent")
    assert "Paul Client" in client.get(f"/clinic/clients/{ours.client.pk}/").content.decode()


def test_an_adult_without_birth_date_signs_alone() -> None:
    assert not consent.needs_guardian(Client(name="x", birth_date=None), consent.timezone.now())
    assert not consent.needs_guardian(Client(name="x", birth_date=date(1990, 1, 1)), consent.timezone.now())


def test_the_drawn_signature_is_stored_as_a_png_with_digest_time_and_device(client: Browser, ours: Side) -> None:
    client.defaults["HTTP_USER_AGENT"] = "Tablet browser 1.0"
    _post(client, ours, signed_name="Client a", drawing=_png())
    signature = _latest(ours)
    assert signature.drawing and signature.drawing_digest.startswith("sha256:")
    assert signature.device == "Tablet browser 1.0" and signature.text_digest == signature.consent_text.digest
    with signature.drawing.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "PNG" and image.size == (300, 100)
    response = client.get(f"/clinic/consents/{signature.pk}/drawing/")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"


def test_without_a_drawing_the_record_says_none_was_taken(client: Browser, ours: Side) -> None:
    _post(client, ours, signed_name="Client a")
    assert not _latest(ours).drawing
    assert "No drawing was taken" in client.get(f"/clinic/clients/{ours.client.pk}/").content.decode()


@pytest.mark.parametrize(("drawing", "message"), [
    (_png(kind="JPEG"), "The signature must be a PNG drawing."),
    ("data:image/jpeg;base64,AAAA", "The signature must be a PNG drawing."),
    ("data:image/png;base64,bm90IGFuIGltYWdl", "This drawing could not be read"),
    (_png(2000, 1500), "This drawing has too many pixels."),
    ("data:image/png;base64," + "A" * 800_000, "This drawing is too large"),
])
def test_a_bad_drawing_is_refused_by_the_field_and_nothing_is_signed(
        client: Browser, ours: Side, drawing: str, message: str) -> None:
    html = _post(client, ours, signed_name="Client a", drawing=drawing)
    assert 'id="field-drawing"' in html and message in html
    assert not consent.is_current(ours.client, "microneedling")


def test_the_page_without_javascript_says_the_typed_name_is_the_signature(client: Browser, ours: Side) -> None:
    client.force_login(ours.front_desk)
    html = client.get(_page(ours)).content.decode()
    assert "data-signature-pad hidden" in html and "the typed name is the signature" in html
    assert "clinic/signature.js" in html


def pdf_text(pdf: bytes) -> str:
    """The PDF's text as pdftotext (poppler) reads it, white space made single spaces."""
    run = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, timeout=60, check=True)
    return " ".join(run.stdout.decode().split())


def test_the_printable_consent_has_the_text_signer_guardian_and_drawing(
        client: Browser, ours: Side, tmp_path: Path) -> None:
    _minor(ours)
    _post(client, ours, guardian_name="Paul Client", guardian_relation="parent", signed_name="Paul Client",
          drawing=_png())
    signature = _latest(ours)
    response = client.get(f"/clinic/consents/{signature.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in ("Consent to Microneedling", "Version two.", "Paul Client", "Parent", signature.text_digest[:30],
                     signature.drawing_digest[:30]):  # a digest may wrap onto the next line
        assert expected in text, expected
    pdf = tmp_path / "consent.pdf"
    pdf.write_bytes(response.content)
    ARTIFACTS.mkdir(exist_ok=True)  # a fresh clone has no artifacts folder yet
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(pdf), str(ARTIFACTS / "consent-pdf")],
                   check=True, timeout=60)  # to look at
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, timeout=60, check=True)
    drawn = [line.split() for line in images.stdout.splitlines()[2:]]  # after two header lines
    assert [(row[2], row[3], row[4]) for row in drawn if row[2] == "image"] == [("image", "300", "100")]


def test_the_printable_consent_without_a_drawing_says_so(client: Browser, ours: Side) -> None:
    _post(client, ours, signed_name="Client a")
    assert "No drawing was taken." in pdf_text(client.get(f"/clinic/consents/{_latest(ours).pk}/pdf/").content)
