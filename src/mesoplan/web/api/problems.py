"""Every error of the API as `{"error": ..., "field": ...}` with a 4xx — installed once on the API.

Field paths follow the CLI's: `medications[1].stopped`, `device.needle_mm`, or null
when the whole request is at fault.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from mesoplan import i18n
from mesoplan.core.gate import Finding
from mesoplan.core.i18n import N_, fill
from mesoplan.errors import ActionRefusedError, IntakeError
from mesoplan.web.api.schemas import ErrorOut
from mesoplan.web.clinic.errors import LockedRecordError, SigningRefusedError
from mesoplan.web.front.gate_view import finding_text

logger = logging.getLogger(__name__)

NEED_AUTH = N_("authentication required: send `Authorization: Bearer <token>` (make one on /account/tokens/) "
               "or log in")
# Friendlier words for pydantic's commonest complaints, as the CLI says them.
DATE = N_("enter a date as YYYY-MM-DD, such as 2026-03-01")
MESSAGES = {"extra_forbidden": N_("unknown field"), "missing": N_("required"), "date_from_datetime_parsing": DATE,
            "date_parsing": DATE, "date_type": DATE}
NO_BODY = N_("a JSON object is required as the request body")
NOT_JSON = N_("the body is not valid JSON")

# The responses every operation declares, by what can go wrong in it.
BAD_INPUT: dict[int, type[ErrorOut]] = {400: ErrorOut, 422: ErrorOut}
PERSONAL: dict[int, type[ErrorOut]] = {**BAD_INPUT, 401: ErrorOut, 403: ErrorOut}
# The anonymous endpoints are throttled per address (api/throttle.py): 429 with Retry-After.
ANONYMOUS: dict[int, type[ErrorOut]] = {**BAD_INPUT, 429: ErrorOut}
THROTTLED = "too many requests from your address: wait the seconds in Retry-After, then try again"
PERSONAL_ROW: dict[int, type[ErrorOut]] = {**PERSONAL, 404: ErrorOut}


def field_path(loc: Sequence[Any]) -> str | None:
    """Pydantic's error location → the CLI's path: ("body", "payload", "medications", 1, "stopped") →
    `medications[1].stopped`. The source and the parameter's name are dropped for bodies."""
    parts = list(loc[2:] if loc and loc[0] == "body" else loc[1:])
    path = ""
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        elif not str(part).startswith(("function-", "union[", "nullable[")):  # pydantic's inner steps
            path += f".{part}" if path else str(part)
    return path or None


def error(api: NinjaAPI, request: HttpRequest, status: int, message: str, field: str | None = None,
          suggestions: Sequence[str] = ()) -> HttpResponse:
    # Written in the request's language (Accept-Language); the field path stays the contract's.
    body = {"error": gettext(message), "field": field, "suggestions": list(suggestions)}
    return api.create_response(request, body, status=status)


def _error_words(exc: IntakeError) -> str:
    """"Last dose of Isotretinoin: the date is in the future", without the "did you mean" the
    `suggestions` list already carries."""
    label = i18n.error_label(exc, gettext) if exc.label is not None else ""
    problem = i18n.error_problem(IntakeError(exc.field, exc.message_id, params=exc.params), gettext)
    return fill(gettext(i18n.FIELD_AND_PROBLEM), {"field": label, "problem": problem}) if label else problem


def install(api: NinjaAPI) -> None:
    """Register the handlers on `api` (replacing django-ninja's `{"detail": ...}` ones)."""

    def on_intake(request: HttpRequest, exc: IntakeError) -> HttpResponse:
        # The field as a person sees it and what is wrong; `suggestions` carry the ids apart.
        return error(api, request, 422, _error_words(exc), exc.field or None, exc.suggestions)

    def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        first = exc.errors[0] if exc.errors else {}
        kind = str(first.get("type", ""))
        path = field_path(first.get("loc", ()))
        if path is None and kind == "missing":
            return error(api, request, 400, NO_BODY)
        return error(api, request, 422, MESSAGES.get(kind, str(first.get("msg", "invalid value"))), path)

    def on_auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = error(api, request, 401, NEED_AUTH)
        response["WWW-Authenticate"] = 'Bearer realm="mesoplan"'
        return response

    def on_http(request: HttpRequest, exc: HttpError) -> HttpResponse:
        message = NOT_JSON if exc.message.startswith("Cannot parse request body") else exc.message
        return error(api, request, exc.status_code, message)

    def on_throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        return error(api, request, 429, THROTTLED)  # django-ninja adds Retry-After to this response

    def on_404(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error(api, request, 404, N_("not found"))

    def on_forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return error(api, request, 403, str(exc) or N_("your role does not allow this"))

    def on_refused(request: HttpRequest, exc: ActionRefusedError) -> HttpResponse:
        findings = [{"need": f.need, "kind": f.kind, "rule": f.rule, "message": finding_text(f), "until": f.until,
                     "zones": list(f.zones) if f.zones is not None else None, "sources": list(f.sources)}
                    for f in exc.findings if isinstance(f, Finding)]
        body = {"error": exc.problem, "field": None, "suggestions": [], "findings": findings}
        return api.create_response(request, body, status=409)

    def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        # Normally answered by the body-limit middleware first; a second guard, never a 500.
        return error(api, request, 413, N_("the request body is too large"))

    def on_conflict(request: HttpRequest, exc: Exception) -> HttpResponse:
        return error(api, request, 409, str(exc))

    def on_anything(request: HttpRequest, exc: Exception) -> HttpResponse:
        # A bug, never the caller's fault: logged with its traceback, answered in the API's own shape.
        logger.exception("API error on %s %s", request.method, request.path)
        return error(api, request, 500, N_("internal error"))

    handlers: dict[type[Exception], Callable[[HttpRequest, Any], HttpResponse]] = {
        Exception: on_anything, IntakeError: on_intake, ValidationError: on_validation, HttpError: on_http,
        AuthenticationError: on_auth, Throttled: on_throttled, Http404: on_404, PermissionDenied: on_forbidden,
        ActionRefusedError: on_refused, RequestDataTooBig: on_too_big, SigningRefusedError: on_conflict,
        LockedRecordError: on_conflict,
    }
    for exc_class, handler in handlers.items():  # the most specific class of an exception wins
        api.add_exception_handler(exc_class, handler)
