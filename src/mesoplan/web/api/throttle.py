"""The anonymous API's throttle: requests per address, counted in the database cache.

django-ninja's own rate throttle (a sliding window of request times per address, checked by
django-ninja before the operation runs, its 429 carrying Retry-After), with three changes: the
rate is read from the settings at each request (`MESOPLAN_API_ANON_RATE`, "off" to switch it
off); the request's state stays in local variables, as the server's threads share the throttle;
and the address is the login throttle's (the socket's, or behind our proxy
the one it appended), so a client cannot pick a fresh address with a made-up X-Forwarded-For.
The counts live in Django's database cache, which every server process shares (decisions
item 4): a per-process memory would let each worker grant its own allowance.
"""

from __future__ import annotations

import threading
import time

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import AnonRateThrottle

from mesoplan.web.accounts.throttle import client_address

OFF = "off"


class AnonymousApiThrottle(AnonRateThrottle):
    """Throttles the endpoints anyone may call, per address; an authenticated caller is not counted here.

    django-ninja's sliding window (the times of the address's requests in the window, newest first, in the
    cache), kept in local variables: its own `allow_request` keeps the request's key and history on the
    throttle object, which one operation shares between the server's threads."""

    scope = "anonymous-api"

    def __init__(self) -> None:
        super().__init__(rate="1/s")  # replaced by the setting at each request
        self._waits = threading.local()  # the wait of the request this thread refused, for Retry-After

    def allow_request(self, request: HttpRequest) -> bool:
        self._waits.seconds = None
        rate = str(settings.MESOPLAN_API_ANON_RATE or OFF).strip()
        key = self.get_cache_key(request)
        if rate == OFF or key is None:
            return True
        allowed, duration = self.parse_rate(rate)
        now = time.time()
        history = [moment for moment in self.cache.get(key, []) if moment > now - (duration or 0)]
        if len(history) >= (allowed or 0):
            self._waits.seconds = (duration or 0) - (now - history[-1])  # until the oldest leaves the window
            return False
        self.cache.set(key, [now, *history], duration)
        return True

    def wait(self) -> float | None:
        seconds = getattr(self._waits, "seconds", None)
        return None if seconds is None else max(1.0, float(seconds))

    def get_ident(self, request: HttpRequest) -> str:
        return client_address(request.META)


ANONYMOUS = AnonymousApiThrottle()
