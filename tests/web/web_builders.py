"""Builders for the web tests: people, their records, and form posts as a browser sends them."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from mesoplan.web.records.models import Device, Photo, Reaction, SavedCheck, Session

PASSWORD = "a long calm passphrase 42"


def person(username: str = "ana", password: str | None = None) -> User:
    """A user; without a password it cannot log in by form (tests use `force_login`, skipping argon2)."""
    user = User.objects.create_user(username=username, email=f"{username}@example.org")
    if password is not None:
        user.set_password(password)
        user.save()
    else:
        user.set_unusable_password()
        user.save()
    return user


def today() -> date:
    return timezone.localdate()


def days_ago(n: int) -> date:
    return today() - timedelta(days=n)


def intake(**fields: Any) -> dict[str, Any]:
    """A small valid intake: home, forehead and cheeks, starting in a week."""
    data: dict[str, Any] = {"setting": "home", "start": (today() + timedelta(days=7)).isoformat(),
                            "zones": ["cheeks", "forehead"], "goals": ["texture"]}
    return {**data, **fields}


def saved_check(owner: User, **fields: Any) -> SavedCheck:
    from mesoplan.web.selfcheck import saving

    return saving.create(owner, fields.pop("title", "My check"), intake(**fields), today())


def device(owner: User, **fields: Any) -> Device:
    values: dict[str, Any] = {"kind": "derma_pen", "label": "My pen", "needle_mm": "0.25", "first_used": days_ago(20)}
    return Device.objects.create(owner=owner, **{**values, **fields})


def session(owner: User, **fields: Any) -> Session:
    values: dict[str, Any] = {"date": days_ago(10), "setting": "home", "zones": ["forehead"], "needle_mm": "0.25"}
    return Session.objects.create(owner=owner, **{**values, **fields})


def reaction(owner: User, **fields: Any) -> Reaction:
    values: dict[str, Any] = {"date": days_ago(9), "symptom": "redness", "severity": 2}
    return Reaction.objects.create(owner=owner, **{**values, **fields})


def image_bytes(fmt: str = "JPEG", size: tuple[int, int] = (64, 48), mode: str = "RGB", exif: bool = False) -> bytes:
    """A small real image; with `exif`, one carrying a GPS-like EXIF tag that must not survive the upload."""
    out = io.BytesIO()
    image = Image.new(mode, size, (200, 120, 90) if mode == "RGB" else (200, 120, 90, 128))
    if exif:
        tags = Image.Exif()
        tags[0x010F] = "SecretCamera"  # Make
        tags[0x0131] = "mesoplan-test-secret"  # Software
        image.save(out, fmt, exif=tags)
    else:
        image.save(out, fmt)
    return out.getvalue()


def photo(owner: User, **fields: Any) -> Photo:
    values: dict[str, Any] = {"kind": "before", "taken_on": days_ago(30)}
    image = ContentFile(image_bytes(), name="photo.jpg")
    return Photo.objects.create(owner=owner, image=image, **{**values, **fields})


def intake_post(**fields: Any) -> dict[str, Any]:
    """The self-check form as a browser posts it: management forms for the three lists and a valid answer."""
    data: dict[str, Any] = {
        "setting": "home", "start": (today() + timedelta(days=7)).isoformat(), "zones": ["forehead", "cheeks"],
        "goals": ["texture"], "submit": "1",
    }
    for name in ("conditions", "medications", "procedures"):
        data |= {f"{name}-TOTAL_FORMS": "1", f"{name}-INITIAL_FORMS": "0", f"{name}-MIN_NUM_FORMS": "0",
                 f"{name}-MAX_NUM_FORMS": "30"}
    return {**data, **fields}
