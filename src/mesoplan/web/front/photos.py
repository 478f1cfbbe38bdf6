"""Uploaded photos: only real JPEG, PNG or WebP images within the size limits, re-encoded.

Re-encoding to a fresh JPEG drops every bit of metadata (EXIF with GPS
position, camera serials, embedded thumbnails) and anything hidden after the
image data; it also proves the file decodes as an image.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
MAX_PIXELS = 40_000_000  # a 40-megapixel photo; larger ones are refused before decoding
LONGEST_SIDE = 2400  # stored photos are scaled down to this: enough to compare, small to keep


def reencode(upload: UploadedFile) -> ContentFile[bytes]:
    """The upload as a new JPEG without metadata. Raises `ValidationError` with a message for the field."""
    if upload.size is not None and upload.size > settings.MESOPLAN_PHOTO_MAX_BYTES:
        limit = settings.MESOPLAN_PHOTO_MAX_BYTES // (1024 * 1024)
        raise ValidationError(_("This photo is too large: at most %(mb)d MB."), code="too_large", params={"mb": limit})
    try:
        with Image.open(upload) as image:
            if image.format not in ACCEPTED_FORMATS:
                raise ValidationError(_("Upload a JPEG, PNG or WebP photo."), code="format")
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(_("This photo has too many pixels."), code="pixels")
            image.load()
            upright = ImageOps.exif_transpose(image)  # keep the orientation the camera meant, then drop the tag
            flat = _flatten(upright)
            flat.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
            out = io.BytesIO()
            flat.save(out, "JPEG", quality=88, optimize=True)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError, SyntaxError):
        raise ValidationError(_("This file is not a photo we can read."), code="invalid") from None
    return ContentFile(out.getvalue(), name="photo.jpg")


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on white: JPEG has no transparency."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")
