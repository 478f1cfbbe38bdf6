"""The drawn signature as the signing page sends it: a PNG data URL, checked and re-encoded.

The canvas script (clinic/static/clinic/signature.js) writes `data:image/png;base64,…` into a
hidden field. Only a real PNG within the size and pixel caps is kept, re-encoded so that
nothing but the pixels is stored.
"""

from __future__ import annotations

import base64
import binascii
import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

PREFIX = "data:image/png;base64,"
MAX_BYTES = 512 * 1024  # a drawn signature is a few tens of kilobytes
MAX_PIXELS = 2_500_000  # a phone canvas at three device pixels per CSS pixel stays well below


def decode(data_url: str) -> ContentFile[bytes] | None:
    """The drawing as a PNG file, or None when nothing was drawn. Raises `ValidationError`."""
    if not data_url:
        return None
    if not data_url.startswith(PREFIX):
        raise ValidationError(_("The signature must be a PNG drawing."), code="format")
    encoded = data_url[len(PREFIX):]
    if len(encoded) > MAX_BYTES * 4 // 3 + 4:
        raise ValidationError(_("This drawing is too large: at most %(kb)d KB."), code="too_large",
                              params={"kb": MAX_BYTES // 1024})
    try:
        raw = base64.b64decode(encoded, validate=True)
        with Image.open(io.BytesIO(raw)) as image:
            if image.format != "PNG":
                raise ValidationError(_("The signature must be a PNG drawing."), code="format")
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(_("This drawing has too many pixels."), code="pixels")
            image.load()
            out = io.BytesIO()
            image.convert("RGBA").save(out, "PNG", optimize=True)
    except ValidationError:
        raise
    except (binascii.Error, UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError, SyntaxError):
        raise ValidationError(_("This drawing could not be read: draw the signature again."), code="invalid") from None
    return ContentFile(out.getvalue(), name="signature.png")


def acceptable_png(raw: bytes) -> bool:
    """Whether bytes from elsewhere (an imported record) are a PNG within the caps a drawing here keeps.

    Kept as they are, not re-encoded: the record's digest is of these very bytes."""
    if len(raw) > MAX_BYTES:
        return False
    try:
        with Image.open(io.BytesIO(raw)) as image:
            if image.format != "PNG" or image.width * image.height > MAX_PIXELS:
                return False
            image.load()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError, SyntaxError):
        return False
    return True
