"""The locked hand-over screen: staff hand the tablet to a client, who then sees only the consent.

Handing over puts a lock in the staff member's session naming the client and procedure. While
it is there, every request of that session other than the hand-over screen and its unlock page
is sent back to the screen (`HandoverLockMiddleware`), so the client cannot open another page,
another client or the API. Only the password of the staff member whose session it is lifts the
lock; after `MAX_UNLOCK_FAILURES` wrong passwords the session is logged out altogether.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

SESSION_KEY = "clinic_handover"
FAILURES_KEY = "clinic_handover_failures"
MAX_UNLOCK_FAILURES = 5
OPEN_PAGES = ("clinic:handover", "clinic:handover_unlock")


def lock(request: HttpRequest, client_id: int, procedure: str) -> None:
    request.session[SESSION_KEY] = {"client": client_id, "procedure": procedure, "user": request.user.pk}
    request.session[FAILURES_KEY] = 0


def current(request: HttpRequest) -> dict[str, Any] | None:
    """The lock of this session, if the screen is handed over."""
    session = getattr(request, "session", None)
    found = session.get(SESSION_KEY) if session is not None else None
    return found if isinstance(found, dict) else None


def unlock(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
    request.session.pop(FAILURES_KEY, None)


def failed_unlock(request: HttpRequest) -> int:
    """Count a wrong password; the number of wrong passwords so far."""
    failures = int(request.session.get(FAILURES_KEY, 0)) + 1
    request.session[FAILURES_KEY] = failures
    return failures


class HandoverLockMiddleware:
    """Sends every request of a handed-over session back to the hand-over screen."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        held = current(request)
        if held is not None and request.path not in {reverse(name) for name in OPEN_PAGES}:
            if getattr(request.user, "pk", None) != held.get("user"):
                unlock(request)  # another person's session (the staff member logged out): no lock to keep
            else:
                return redirect("clinic:handover")
        return self.get_response(request)
