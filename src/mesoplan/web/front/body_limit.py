"""Request bodies refused by their size before any view reads them (decisions item 3).

The server's cap (`MESOPLAN_MAX_BODY_BYTES`, 10 MB) is checked on the declared
`Content-Length`, so a body over it is answered 413 without being read. A streamed
body that declares no length is refused too (411): Django would read it as empty.
Below the cap, Django's own limit on JSON data (`DATA_UPLOAD_MAX_MEMORY_SIZE`) gives the same
413 instead of the API's "internal error" (on the API, a multipart body over it is answered 413 by
the API's own error handler); a page's form over it comes back as the form, with a message by each
field too large to read (`front/oversize.py`), not a bare error page.
The API answers in its JSON error shape; pages get a short page in the visitor's language.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation

from mesoplan.core.i18n import N_, fill
from mesoplan.web.front.language import chosen_language
from mesoplan.web.front.oversize import TooManyFieldsError, read_oversized_form

API_TOO_LARGE = N_("the request body is too large: at most {limit} MB")
API_NO_LENGTH = N_("send the request body with a Content-Length header (a streamed body is not read)")
FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


def _declared_length(request: HttpRequest) -> int | None:
    try:
        return int(request.META.get("CONTENT_LENGTH") or "")
    except ValueError:
        return None


def _too_big_for_django(request: HttpRequest, length: int) -> bool:
    """True if Django's own limit on the data it parses would refuse this body (a `RequestDataTooBig`)."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is None:
        return False
    if request.content_type not in FORM_TYPES:
        return length > limit  # read whole as `request.body`: its declared length decides
    if request.path.startswith("/api/") or request.method != "POST":
        return False  # the API may read the raw body, which parsing the form now would spend
    if length <= limit:
        return False  # its fields cannot add up to more than the whole body
    try:  # a page's form: read it, keeping the fields that fit (the form says which did not)
        read_oversized_form(request)
    except TooManyFieldsError:
        return True
    return False


def refusal(request: HttpRequest, status: int) -> HttpResponse:
    """The 413 (too large) or 411 (no length) answer, as JSON on the API and as a page elsewhere."""
    megabytes = settings.MESOPLAN_MAX_BODY_BYTES // 1_000_000
    if request.path.startswith("/api/"):
        # The API answers by Accept-Language, as its other errors do.
        with translation.override(translation.get_language_from_request(request)):
            message = fill(translation.gettext(API_NO_LENGTH if status == 411 else API_TOO_LARGE),
                           {"limit": megabytes})
        return JsonResponse({"error": message, "field": None, "suggestions": []}, status=status)
    with translation.override(_page_language(request)):
        page = render_to_string("body_refused.html", {
            "no_length": status == 411, "limit": megabytes, "LANGUAGE_CODE": translation.get_language()})
    return HttpResponse(page, status=status)


def _page_language(request: HttpRequest) -> str:
    """The language the site's pages are served in for this visitor: the account's or the session's
    choice, else Accept-Language. This middleware runs before the session is read (a refused body
    is never read), so the refusal reads the session itself."""
    try:
        engine = import_module(settings.SESSION_ENGINE)
        request.session = engine.SessionStore(request.COOKIES.get(settings.SESSION_COOKIE_NAME))
        request.user = get_user(request)
        chosen = chosen_language(request)
    except DatabaseError:  # a refusal is answered even when the session store is down
        chosen = None
    return chosen or translation.get_language_from_request(request)


class BodyLimitMiddleware:
    """Answers 413 or 411 before the rest of the stack for a body the site will not read."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        length = _declared_length(request)
        if length is None and request.META.get("HTTP_TRANSFER_ENCODING"):
            return refusal(request, 411)
        if length and (length > settings.MESOPLAN_MAX_BODY_BYTES or _too_big_for_django(request, length)):
            return refusal(request, 413)
        return self.get_response(request)
