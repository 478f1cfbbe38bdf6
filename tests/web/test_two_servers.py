"""Several machines (issue 16): the documented deployment of two app servers (`mesoplan serve --no-worker`),
one worker (`mesoplan worker`), one database and the files on an S3-compatible store (moto's server on
127.0.0.1), started as separate processes on this machine (README, "Several app servers"). A person logs in
through one server and the other knows her; a photo uploaded through one is shown by the other, byte for
byte, from the bucket (nothing on either server's disk); the photo is hers only, on both."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from django.utils import timezone
from web_builders import PASSWORD, image_bytes, person

from mesoplan.web.records.models import Photo
from migrated import MigratedSqlite
from s3_server import environment, moto_s3, s3_client
from served import serving
from worker_env import start_worker, stop, worker_database

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    with moto_s3() as address:
        yield address


@pytest.fixture
def shared_database(tmp_path: Path, migrated_sqlite: MigratedSqlite) -> Iterator[dict[str, str]]:
    """The environment of processes that reach the test's database (tests/worker_env.py)."""
    with worker_database(tmp_path, migrated_sqlite) as env:
        yield env


def _logged_in(base: str, username: str) -> requests.Session:
    browser = requests.Session()
    browser.get(f"{base}/account/login/", timeout=30).raise_for_status()
    answer = browser.post(f"{base}/account/login/", timeout=30, allow_redirects=False, data={
        "username": username, "password": PASSWORD, "csrfmiddlewaretoken": browser.cookies["csrftoken"]})
    assert answer.status_code == 302, answer.text[:500]
    return browser


def test_a_photo_uploaded_through_one_server_is_shown_by_the_other(
        endpoint: str, shared_database: dict[str, str]) -> None:
    bucket = f"mesoplan-{uuid.uuid4().hex[:12]}"
    s3_client(endpoint).create_bucket(Bucket=bucket)
    ana, bo = person("ana", PASSWORD), person("bo", PASSWORD)
    env = {**shared_database, **environment(endpoint, bucket)}
    worker = start_worker(env)
    try:
        with serving(env, "--no-worker") as first, serving(env, "--no-worker") as second:
            browser = _logged_in(first, "ana")
            assert browser.get(f"{second}/diary/", timeout=30).status_code == 200  # the session is the database's
            photo = image_bytes()
            yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
            sent = browser.post(f"{first}/diary/photos/new/", timeout=30, allow_redirects=False,
                                files={"image": ("before.jpg", photo, "image/jpeg")},
                                data={"kind": "before", "taken_on": yesterday,
                                      "csrfmiddlewaretoken": browser.cookies["csrftoken"]})
            assert sent.status_code == 302, sent.text[:500]
            stored = Photo.objects.get(owner=ana)
            in_bucket = s3_client(endpoint).get_object(Bucket=bucket, Key=stored.image.name)["Body"].read()

            shown = browser.get(f"{second}/diary/photos/{stored.pk}/image/", timeout=30)
            assert shown.status_code == 200 and shown.headers["Content-Type"] == "image/jpeg"
            assert shown.content == in_bucket and shown.content[:2] == b"\xff\xd8"
            assert f"/diary/photos/{stored.pk}/image/" in browser.get(f"{second}/diary/photos/", timeout=30).text
            other = _logged_in(second, "bo")
            assert other.get(f"{first}/diary/photos/{stored.pk}/image/", timeout=30).status_code == 404
            assert bo.pk != ana.pk
        assert worker.poll() is None, "the one worker runs beside both servers"
    finally:
        stop(worker)
    media = Path(shared_database["MESOPLAN_DATA"]) / "media"
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*")), "nothing on the servers' disk"
