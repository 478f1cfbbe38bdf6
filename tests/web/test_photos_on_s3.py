"""Photos on an S3-compatible store (decisions item 6), over HTTP against moto's standalone server on
127.0.0.1, with the settings an operator writes (`MESOPLAN_S3_…`, read by `web/file_storage.py`): an
upload lands in the bucket, not on the disk; it is sent only to its owner, through the view that checks
(no bucket address in any page); the download of one's data holds it; deleting the photo or the
account removes it from the bucket; a backup holds it."""

from __future__ import annotations

import io
import json
import tarfile
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import LazySettings
from django.contrib.auth.models import User
from django.test import Client
from test_diary_photos import upload
from web_builders import PASSWORD, image_bytes, person

from mesoplan.web.backup import backup
from mesoplan.web.file_storage import file_storage
from mesoplan.web.records.models import Photo
from s3_server import environment, moto_s3, s3_client

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    with moto_s3() as address:
        yield address


class Bucket:
    """A fresh bucket the app keeps its files in, seen through boto3's own client."""

    def __init__(self, endpoint: str) -> None:
        self.endpoint, self.name, self.s3 = endpoint, f"mesoplan-{uuid.uuid4().hex[:12]}", s3_client(endpoint)
        self.s3.create_bucket(Bucket=self.name)

    def keys(self) -> list[str]:
        listed = self.s3.list_objects_v2(Bucket=self.name)
        return sorted(item["Key"] for item in listed.get("Contents", []))

    def read(self, key: str) -> bytes:
        return bytes(self.s3.get_object(Bucket=self.name, Key=key)["Body"].read())


@pytest.fixture
def bucket(endpoint: str, settings: LazySettings, tmp_path: Path) -> Bucket:
    made = Bucket(endpoint)
    settings.MEDIA_ROOT = tmp_path / "media"  # nothing may land here
    settings.STORAGES = {**settings.STORAGES, "default": file_storage(environment(endpoint, made.name))}
    return made


def ana_with_a_photo(client: Client) -> tuple[User, Photo]:
    ana = person("ana", PASSWORD)
    client.force_login(ana)
    response: Any = upload(client, image_bytes())
    assert response.status_code == 302
    return ana, Photo.objects.get(owner=ana)


def test_the_settings_choose_the_bucket_only_when_one_is_named() -> None:
    assert file_storage({})["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    chosen = file_storage(environment("http://127.0.0.1:9000", "photos"))
    assert chosen["BACKEND"] == "storages.backends.s3.S3Storage"
    assert chosen["OPTIONS"]["file_overwrite"] is False and chosen["OPTIONS"]["default_acl"] is None


def test_an_uploaded_photo_is_kept_in_the_bucket_and_not_on_the_disk(client: Client, bucket: Bucket,
                                                                     settings: LazySettings) -> None:
    _ana, stored = ana_with_a_photo(client)
    assert bucket.keys() == [stored.image.name]
    assert stored.image.name.startswith(f"photos/{stored.owner_id}/")
    assert not Path(settings.MEDIA_ROOT).exists()


def test_the_photo_is_sent_to_its_owner_only_and_no_page_names_the_bucket(client: Client, bucket: Bucket) -> None:
    _ana, stored = ana_with_a_photo(client)
    answer: Any = client.get(f"/diary/photos/{stored.pk}/image/")
    assert answer.status_code == 200 and answer["Content-Type"] == "image/jpeg"
    assert b"".join(answer.streaming_content) == bucket.read(stored.image.name)
    page = client.get("/diary/photos/").content.decode()
    assert f"/diary/photos/{stored.pk}/image/" in page
    assert bucket.endpoint not in page and bucket.name not in page and "X-Amz" not in page

    other = Client()
    other.force_login(person("bob"))
    assert other.get(f"/diary/photos/{stored.pk}/image/").status_code == 404
    assert Client().get(f"/diary/photos/{stored.pk}/image/").status_code == 302  # to the login page


def test_deleting_a_photo_removes_it_from_the_bucket(client: Client, bucket: Bucket,
                                                     django_capture_on_commit_callbacks: Any) -> None:
    _ana, stored = ana_with_a_photo(client)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/diary/photos/{stored.pk}/delete/").status_code == 302
    assert bucket.keys() == []


def test_the_download_holds_the_photo_and_deleting_the_account_empties_the_bucket(
        client: Client, bucket: Bucket) -> None:
    _ana, stored = ana_with_a_photo(client)
    bob = person("bob")
    response: Any = client.post("/me/data/export.zip")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    photos = [n for n in archive.namelist() if n.startswith("photos/")]
    assert [archive.read(n) for n in photos] == [bucket.read(stored.image.name)]

    assert client.post("/me/data/", {"password": PASSWORD, "understood": "on"}).status_code == 302
    assert not User.objects.filter(username="ana").exists() and User.objects.filter(pk=bob.pk).exists()
    assert bucket.keys() == []


@pytest.mark.django_db(transaction=True)  # SQLite's backup waits for the test's open transaction otherwise
def test_a_backup_holds_every_file_of_the_bucket(client: Client, bucket: Bucket, tmp_path: Path) -> None:
    _ana, stored = ana_with_a_photo(client)
    summary = backup(tmp_path / "backup.tar", "secret")
    assert summary.files == 1
    with tarfile.open(tmp_path / "backup.tar") as archive:
        manifest = json.loads(archive.extractfile("manifest.json").read())  # type: ignore[union-attr]
        kept = archive.extractfile(f"files/{stored.image.name}").read()  # type: ignore[union-attr]
    assert [f["name"] for f in manifest["files"]] == [stored.image.name]
    assert kept == bucket.read(stored.image.name)
