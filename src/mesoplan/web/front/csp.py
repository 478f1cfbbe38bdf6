"""A strict Content-Security-Policy on every response: scripts, styles, images and connections from
this site only, no inline script or style, no plugin, no framing, forms only to this site.

The pages load htmx and their own scripts from static files and have no inline `<script>`,
`on...=` handler or `style="..."` (tests/web/test_content_security_policy.py checks the
templates; htmx's injected indicator styles are turned off in base.html). The API docs need
no exception: ninja's Swagger UI reads its settings from a JSON data block and starts from a
static script, and its icons are `data:` images (tests/e2e/test_browser_csp.py runs it).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"
POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
          "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


class ContentSecurityPolicyMiddleware:
    """Adds the policy to every response that does not set its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if HEADER not in response:
            response[HEADER] = POLICY
        return response
