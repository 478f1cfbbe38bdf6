"""File names for downloads, made safe whatever text they come from (an imported record id can be anything)."""

from __future__ import annotations

import re

from django.http import HttpResponse
from django.utils.http import content_disposition_header

UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
LONGEST_STEM = 80


def safe_stem(text: str) -> str:
    """`text` reduced to letters, digits, dots, dashes and underscores: no quote, CR/LF, slash or space
    survives; runs of anything else become one `_`. Never empty, never a hidden file, at most 80 characters."""
    stem = UNSAFE.sub("_", text).strip("._")[:LONGEST_STEM]
    return stem or "file"


def as_attachment(response: HttpResponse, stem: str, suffix: str) -> HttpResponse:
    """Send `response` as a download named `<safe stem><suffix>`, the header built by Django's own helper."""
    header = content_disposition_header(as_attachment=True, filename=safe_stem(stem) + suffix)
    if header is not None:
        response["Content-Disposition"] = header
    return response
