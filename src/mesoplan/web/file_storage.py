"""Where uploaded files live (decisions item 6): the local disk by default, an S3-compatible bucket
when `MESOPLAN_S3_BUCKET` is set, so that every app server reads the photos any of them received.

Everything that keeps a file (photos, drawn signatures, FHIR bundles waiting for the worker,
exports, backups, account deletion) goes through Django's storage API (`default_storage`, the
models' file fields), so this is the one place that knows which. The bucket is private: files are
only ever sent by views that check who asks (there is no public URL, signed or not, in a page).

- `MESOPLAN_S3_BUCKET`: the bucket (already made, not public);
- `MESOPLAN_S3_ENDPOINT`: the S3 API's address for another provider or MinIO
  (`https://s3.example.net`); empty: Amazon S3;
- `MESOPLAN_S3_REGION`: its region, if it asks for one;
- `MESOPLAN_S3_ACCESS_KEY`, `MESOPLAN_S3_SECRET_KEY`: the keys; empty: boto3 finds its own
  (`AWS_ACCESS_KEY_ID`…, an instance role);
- `MESOPLAN_S3_PREFIX`: a folder inside the bucket for this installation's files (optional);
- `MESOPLAN_S3_ADDRESSING`: `path` (the bucket in the path, as MinIO and most others want:
  the default with an endpoint) or `virtual` (the bucket in the host name).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

LOCAL = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
S3 = "storages.backends.s3.S3Storage"


def file_storage(environ: Mapping[str, str]) -> dict[str, Any]:
    """The `STORAGES["default"]` entry the environment asks for."""
    bucket = environ.get("MESOPLAN_S3_BUCKET", "").strip()
    if not bucket:
        return dict(LOCAL)
    endpoint = environ.get("MESOPLAN_S3_ENDPOINT", "").strip() or None
    addressing = environ.get("MESOPLAN_S3_ADDRESSING", "").strip() or ("path" if endpoint else None)
    options: dict[str, Any] = {
        "bucket_name": bucket,
        "endpoint_url": endpoint,
        "region_name": environ.get("MESOPLAN_S3_REGION", "").strip() or None,
        "access_key": environ.get("MESOPLAN_S3_ACCESS_KEY") or None,
        "secret_key": environ.get("MESOPLAN_S3_SECRET_KEY") or None,
        "location": environ.get("MESOPLAN_S3_PREFIX", "").strip().strip("/"),
        "addressing_style": addressing,
        # A name already taken gets a new one, as on the local disk: a restore or an upload never
        # replaces someone's file (backup.restore counts on it).
        "file_overwrite": False,
        "default_acl": None,  # the bucket's own (private) rules; never public-read
        "querystring_auth": True,  # were a URL ever made, it would be signed and short-lived
    }
    return {"BACKEND": S3, "OPTIONS": options}
