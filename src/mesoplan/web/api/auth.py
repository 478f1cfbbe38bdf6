"""Who is calling: a program with `Authorization: Bearer <token>`, or the browser with its session.

Django's own CSRF middleware never sees API views (django-ninja exempts them), so
the session check does CSRF itself — but only when a session cookie is there to
be abused: a call with no cookie and no token is simply unauthenticated (401).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer

from mesoplan.web.api import tokens


class BearerToken(HttpBearer):
    """`Authorization: Bearer mp_…`: a token made on the account's token page; with `scope`, only a
    token of that scope passes (another one is refused with 403, saying why)."""

    def __init__(self, scope: str | None = None) -> None:
        super().__init__()
        self.scope = scope

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        found = tokens.token_for_secret(token)
        if found is None:
            return None
        if self.scope is not None and found.scope != self.scope:
            raise PermissionDenied(SCOPE_REFUSALS[found.scope])
        request.user = found.user  # the same attribute pages read, whichever way the caller came in
        return found.user


class BrowserSession(APIKeyCookie):
    """The logged-in browser: Django's session cookie, with the CSRF token on unsafe methods."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        if self.param_name not in request.COOKIES:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any | None:
        user = request.user
        return user if key is not None and user.is_authenticated else None


SCOPE_REFUSALS = {
    "clinic": "this token reaches your clinics' records, not a personal diary: make a personal token for that",
    "personal": "this token reaches your own diary only: make a clinic token on /account/tokens/ for clinic records",
}
PERSON = [BearerToken(), BrowserSession()]
PERSONAL_DIARY = [BearerToken("personal"), BrowserSession()]
CLINIC_RECORDS = [BearerToken("clinic"), BrowserSession()]
