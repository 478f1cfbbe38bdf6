"""Uploaded photos: only real JPEG, PNG or WebP images within the size limits, re-encoded.

Re-encoding to a fresh JPEG drops every bit of metadata (EXIF with GPS
position, camera serials, embedded thumbnails) and anything hidden after the
image data; it also proves the file decodes as an image.

Decoding is what a photo costs (a 170 KB PNG of 40 megapixels took 2.3 s of CPU), so the
pixel count is read from the file's header and capped before anything is decoded. A stored
photo is at most 2400 pixels on its longest side, so a camera JPEG (up to 25 megapixels: a
recent phone's default 24) is decoded already scaled down by 2, 4 or 8 (JPEG's own reduced
decoding), which costs about as little as the photo kept; PNG and WebP cannot be decoded
scaled down, and no camera writes them, so they are capped lower (16 megapixels: a
screenshot of a large screen fits).
"""

from __future__ import annotations

import io
import math

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
LONGEST_SIDE = 2400  # stored photos are scaled down to this: enough to compare, small to keep
# Refused from the header, before decoding (see the module's docstring for why they differ).
MAX_PIXELS = {"JPEG": 25_000_000, "PNG": 16_000_000, "WEBP": 16_000_000}


def reencode(upload: UploadedFile) -> ContentFile[bytes]:
    """The upload as a new JPEG without metadata. Raises `ValidationError` with a message for the field."""
    if upload.size is not None and upload.size > settings.MESOPLAN_PHOTO_MAX_BYTES:
        limit = settings.MESOPLAN_PHOTO_MAX_BYTES // (1024 * 1024)
        raise ValidationError(_("This photo is too large: at most %(mb)d MB."), code="too_large", params={"mb": limit})
    try:
        with Image.open(upload) as image:
            if image.format not in ACCEPTED_FORMATS:
                raise ValidationError(_("Upload a JPEG, PNG or WebP photo."), code="format")
            cap = MAX_PIXELS[image.format]
            if image.width * image.height > cap:
                raise ValidationError(
                    _("This photo has too many pixels: at most %(megapixels)d megapixels. "
                      "Send a smaller copy (a phone's usual setting is fine)."),
                    code="pixels", params={"megapixels": cap // 1_000_000})
            reduce_while_decoding(image)
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


def reduce_while_decoding(image: Image.Image) -> None:
    """Ask a JPEG to decode at the smallest of 1/2, 1/4, 1/8 scale still as large as the photo kept
    (both sides at least the kept size); other formats decode at full size."""
    ratio = LONGEST_SIDE / max(image.width, image.height)
    if image.format == "JPEG" and ratio < 1:
        image.draft(image.mode, (math.ceil(image.width * ratio), math.ceil(image.height * ratio)))


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on white: JPEG has no transparency."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")
