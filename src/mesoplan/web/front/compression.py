"""HTML pages sent gzip-compressed (the answer page was 180 kB, about a sixth of that compressed).

Compression and secrets (BREACH): an attacker who can put text into a page and watch the size of
the compressed answer can guess a secret on the same page byte by byte. So:
- only HTML pages are compressed here (static files are WhiteNoise's, already compressed; the JSON
  API is left as it is);
- the account pages are never compressed: they show new API tokens and take passwords;
- elsewhere the only secret in a page is the CSRF token, which Django masks afresh on every
  response, and Django's GZipMiddleware pads every compressed body with random bytes ("Heal the
  Breach"), so a size tells nothing stable.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware

NEVER_COMPRESSED = ("/account/", "/admin/")


class CompressedPages(GZipMiddleware):
    """GZipMiddleware for HTML pages only, and never for the pages of NEVER_COMPRESSED."""

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        if request.path.startswith(NEVER_COMPRESSED):
            return response
        return super().process_response(request, response)
