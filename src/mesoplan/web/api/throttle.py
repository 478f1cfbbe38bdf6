"""The anonymous API's throttle: requests per address, counted in a table every server process shares.

django-ninja's rate throttle (a sliding window of request times per address, checked by
django-ninja before the operation runs, its 429 carrying Retry-After), with four changes: the
rate is read from the settings at each request (`MESOPLAN_API_ANON_RATE`, "off" to switch it
off); the request's state stays in local variables, as the server's threads share the throttle;
the address is the login throttle's (the socket's, or behind our proxy the one it appended), so
a client cannot pick a fresh address with a made-up X-Forwarded-For; and the window is a row of
the database (`AnonymousCalls`), read and written under the row's lock in one transaction.
django-ninja keeps it in the cache, and Django's database cache reads, then writes (its `incr`
too): concurrent calls from one address each saw the same count, and a burst got past the limit.
The database is the one every server process shares (decisions item 4).
"""

from __future__ import annotations

import threading
import time

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.http import HttpRequest
from ninja.throttling import AnonRateThrottle

from mesoplan.web.accounts.throttle import client_address
from mesoplan.web.api.models import AnonymousCalls
from mesoplan.web.front.unsynced import unsynced_commits

OFF = "off"


def take_call(key: str, allowed: int, duration: float, now: float) -> float | None:
    """Count one call of `key` if fewer than `allowed` were made in the last `duration` seconds: None;
    else the seconds until the oldest of them leaves the window (nothing counted).

    One transaction holds the row: PostgreSQL's row lock (SELECT … FOR UPDATE) and SQLite's write
    lock (taken at BEGIN: transaction_mode IMMEDIATE) make concurrent calls of one key take turns."""
    if allowed <= 0:
        return duration
    with unsynced_commits(), transaction.atomic():  # a call count is no record (web/front/unsynced.py)
        row = AnonymousCalls.objects.select_for_update().filter(key=key).first()
        if row is None:
            if _first_call(key, now, duration):
                _forget_quiet_addresses(now)
                return None
            row = AnonymousCalls.objects.select_for_update().get(key=key)  # another process's first call
        moments: list[float] = [float(moment) for moment in row.moments if moment > now - duration]
        if len(moments) >= allowed:
            return duration - (now - min(moments))
        row.moments, row.expires = [now, *moments], now + duration
        row.save(update_fields=["moments", "expires"])
        return None


def _first_call(key: str, now: float, duration: float) -> bool:
    """Insert the key's row with this call; False if another process inserted it first."""
    try:
        with transaction.atomic():  # a savepoint, so the transaction goes on after a duplicate key
            AnonymousCalls.objects.create(key=key, moments=[now], expires=now + duration)
    except IntegrityError:
        return False
    return True


def _forget_quiet_addresses(now: float) -> None:
    """Drop the rows of addresses with no call in their window (done when a new address comes: rarely).

    In its own savepoint, and only tried: on PostgreSQL two of these at once may deadlock on the
    rows they both delete, and a throttle's housekeeping must never fail a call."""
    try:
        with transaction.atomic():
            AnonymousCalls.objects.filter(expires__lt=now).delete()
    except DatabaseError:
        pass


class AnonymousApiThrottle(AnonRateThrottle):
    """Throttles the endpoints anyone may call, per address; an authenticated caller is not counted here."""

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
        self._waits.seconds = take_call(key, allowed or 0, float(duration or 0), time.time())
        return self._waits.seconds is None

    def wait(self) -> float | None:
        seconds = getattr(self._waits, "seconds", None)
        return None if seconds is None else max(1.0, float(seconds))

    def get_ident(self, request: HttpRequest) -> str:
        return client_address(request.META)


ANONYMOUS = AnonymousApiThrottle()
