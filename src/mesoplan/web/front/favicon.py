"""`/favicon.ico`: browsers ask for it on every site whatever the page says, so it is answered (it was
a 404 on every page). The file is the static one the pages also link (with an SVG beside it)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

ONE_WEEK = 7 * 24 * 3600


@lru_cache(maxsize=1)
def _icon() -> bytes:
    return (resources.files("mesoplan") / "web" / "front" / "static" / "front" / "favicon.ico").read_bytes()


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(_icon(), content_type="image/x-icon")
    response["Cache-Control"] = f"public, max-age={ONE_WEEK}"
    return response
