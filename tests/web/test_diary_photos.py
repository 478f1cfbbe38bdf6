"""Photos: real images only, re-encoded without metadata, sent only to their owner, compared side by side."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from PIL import Image
from web_builders import days_ago, image_bytes, photo

from mesoplan.web.front.photos import reduce_while_decoding
from mesoplan.web.records.models import Photo

pytestmark = pytest.mark.django_db



def upload(client: Client, content: bytes, name: str = "p.jpg", **fields: str) -> object:
    data = {"kind": "before", "taken_on": days_ago(1).isoformat(), "image": SimpleUploadedFile(name, content),
            **fields}
    return client.post("/diary/photos/new/", data)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_a_real_photo_is_stored_as_a_fresh_jpeg(client: Client, ana: User, fmt: str) -> None:
    response = upload(client, image_bytes(fmt))
    assert response.status_code == 302  # type: ignore[attr-defined]
    stored = Photo.objects.get()
    with Image.open(stored.image) as image:
        assert image.format == "JPEG" and image.size == (64, 48)
    assert stored.image.name.startswith(f"photos/{ana.pk}/") and "p.jpg" not in stored.image.name


def test_metadata_is_stripped(client: Client, ana: User) -> None:
    upload(client, image_bytes(exif=True))
    with Image.open(Photo.objects.get().image) as image:
        assert not image.getexif()
        assert "exif" not in image.info


def test_a_transparent_png_is_flattened_on_white(client: Client, ana: User) -> None:
    upload(client, image_bytes("PNG", mode="RGBA"), name="p.png")
    with Image.open(Photo.objects.get().image) as image:
        assert image.mode == "RGB"


@pytest.mark.parametrize(("content", "message"), [
    (b"GIF89a" + b"\x00" * 64, "not a photo we can read"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "not a photo we can read"),
    (b"", "The submitted file is empty."),
    (image_bytes("JPEG")[:80], "not a photo we can read"),
])
def test_anything_but_a_readable_photo_is_refused_by_the_field(
        client: Client, ana: User, content: bytes, message: str) -> None:
    response = upload(client, content)
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert message in response.content.decode()  # type: ignore[attr-defined]
    assert not Photo.objects.exists()


def test_a_gif_is_refused_even_when_it_decodes(client: Client, ana: User) -> None:
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "GIF")
    response = upload(client, out.getvalue(), name="p.gif")
    assert "Upload a JPEG, PNG or WebP photo." in response.content.decode()  # type: ignore[attr-defined]


@override_settings(MESOPLAN_PHOTO_MAX_BYTES=1000)
def test_a_photo_over_the_size_limit_is_refused(client: Client, ana: User) -> None:
    response = upload(client, image_bytes(size=(400, 400)) + b"\x00" * 2000)
    assert "This photo is too large" in response.content.decode()  # type: ignore[attr-defined]
    assert not Photo.objects.exists()


def encoded(fmt: str, size: tuple[int, int], mode: str = "1") -> bytes:
    """A plain image of many pixels in few bytes (one colour compresses to almost nothing)."""
    out = io.BytesIO()
    Image.new(mode, size).save(out, fmt)
    return out.getvalue()


def image_errors(response: object) -> list[str]:
    return list(response.context["form"].errors.get("image", []))  # type: ignore[attr-defined]


def test_a_png_over_16_megapixels_is_refused_by_the_upload_field(client: Client, ana: User) -> None:
    response = upload(client, encoded("PNG", (5000, 4000)), name="big.png")  # 20 megapixels, a few kilobytes
    assert image_errors(response) == ["This photo has too many pixels: at most 16 megapixels. "
                                      "Send a smaller copy (a phone's usual setting is fine)."]
    assert not Photo.objects.exists()


def test_the_pixel_count_is_read_from_the_header_before_any_decoding(client: Client, ana: User) -> None:
    whole = encoded("PNG", (8000, 6000))
    head = whole[:whole.index(b"IDAT") + 4]  # the size and the chunks before the pixels, not one pixel
    assert "at most 16 megapixels" in image_errors(upload(client, head, name="big.png"))[0]


def test_a_camera_jpeg_over_25_megapixels_is_refused(client: Client, ana: User) -> None:
    response = upload(client, encoded("JPEG", (6000, 4500), "L"))  # 27 megapixels
    assert "at most 25 megapixels" in image_errors(response)[0]


def test_a_24_megapixel_phone_jpeg_is_kept_scaled_down(client: Client, ana: User) -> None:
    upload(client, encoded("JPEG", (5712, 4284), "RGB"))  # a recent phone's default size
    with Image.open(Photo.objects.get().image) as kept:
        assert kept.size == (2400, 1800)


def test_a_large_jpeg_is_decoded_already_scaled_down_to_what_is_kept() -> None:
    with Image.open(io.BytesIO(encoded("JPEG", (5712, 4284), "RGB"))) as image:
        reduce_while_decoding(image)
        assert image.size == (2856, 2142)  # half of each side: the smallest JPEG scale still over 2400
    with Image.open(io.BytesIO(encoded("PNG", (5000, 3000)))) as image:
        reduce_while_decoding(image)
        assert image.size == (5000, 3000)  # PNG has no reduced decoding


def test_the_owner_gets_the_image_privately(client: Client, ana: User) -> None:
    mine = photo(ana)
    response = client.get(f"/diary/photos/{mine.pk}/image/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"].startswith("private")
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")  # type: ignore[attr-defined]


def test_there_is_no_public_media_url(client: Client, ana: User) -> None:
    mine = photo(ana)
    assert client.get(f"/media/{mine.image.name}").status_code == 404
    assert client.get(f"/media-not-served/{mine.image.name}").status_code == 404


def test_before_and_after_are_shown_side_by_side(client: Client, ana: User) -> None:
    first = photo(ana, kind="before", taken_on=days_ago(60))
    last = photo(ana, kind="after", taken_on=days_ago(1))
    html = client.get("/diary/progress/").content.decode()
    assert html.index(f"/diary/photos/{first.pk}/image/") < html.index(f"/diary/photos/{last.pk}/image/")
    chosen = client.get("/diary/photos/compare/", {"a": last.pk, "b": first.pk}).content.decode()
    compare = chosen[chosen.index('class="compare"'):]
    assert compare.index(f"/diary/photos/{last.pk}/image/") < compare.index(f"/diary/photos/{first.pk}/image/")


def test_comparing_with_a_bad_or_huge_id_is_404_not_500(client: Client, ana: User) -> None:
    assert client.get("/diary/photos/compare/", {"a": "99999999999999999999999"}).status_code == 404
    assert client.get("/diary/photos/compare/", {"a": "abc"}).status_code == 200


def test_deleting_a_photo_removes_its_file(
        client: Client, ana: User, django_capture_on_commit_callbacks: object) -> None:
    mine = photo(ana)
    storage, name = mine.image.storage, mine.image.name
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        client.post(f"/diary/photos/{mine.pk}/delete/")
    assert not Photo.objects.exists() and not storage.exists(name)
