"""Login throttling: after too many failures for one username from one address, refuse for a while.

Counting per username *and* address means an attacker cannot lock a person out
from everywhere, while guessing one account's password from one place is slowed
to a few tries per lockout. The limits are settings (5 failures → 15 minutes).

One address trying fresh usernames is counted too, with a higher limit (20 failures →
15 minutes for every username from it): otherwise each new name started a fresh count,
and each try still cost a password hash. The counts are rows of the database, which every
server process shares (decisions item 4).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction

from mesoplan.web.accounts.models import LoginThrottle


def client_address(meta: Mapping[str, Any]) -> str:
    """The address a login comes from: the socket's, or behind our proxy the one it appended last.

    Only the last X-Forwarded-For entry is the proxy's own; earlier ones are
    whatever the client sent, so trusting them would let anyone pick a fresh
    address for every try.
    """
    if settings.BEHIND_PROXY:
        forwarded = str(meta.get("HTTP_X_FORWARDED_FOR", "")).split(",")[-1].strip()
        if forwarded:
            return forwarded[:64]
    return str(meta.get("REMOTE_ADDR", ""))


def throttle_key(username: str, address: str) -> str:
    return f"{username.strip().casefold()[:150]}|{address}"


def address_key(address: str) -> str:
    """The key of every failure from one address, whatever the username (a pair's key always has a `|`)."""
    return f"@{address.replace('|', '')}"


def _lockout() -> timedelta:
    return timedelta(minutes=settings.MESOPLAN_LOGIN_LOCKOUT_MINUTES)


def locked_until(username: str, address: str, now: datetime) -> datetime | None:
    """When the lockout of this pair ends, or None if it may try now."""
    return _locked_until(throttle_key(username, address), now)


def address_locked_until(address: str, now: datetime) -> datetime | None:
    """When the lockout of this address (for every username) ends, or None."""
    return _locked_until(address_key(address), now)


def _locked_until(key: str, now: datetime) -> datetime | None:
    row = LoginThrottle.objects.filter(key=key).first()
    if row is None or row.locked_until is None or row.locked_until <= now:
        return None
    return row.locked_until


def record_failure(username: str, address: str, now: datetime) -> datetime | None:
    """Count one failure; returns the end of the lockout it starts, if it starts one."""
    return _count(throttle_key(username, address), now, settings.MESOPLAN_LOGIN_FAILURES)


def record_address_failure(address: str, now: datetime) -> datetime | None:
    """Count one failure of any username from `address`; the end of the lockout it starts, if any."""
    return _count(address_key(address), now, settings.MESOPLAN_LOGIN_ADDRESS_FAILURES)


def _count(key: str, now: datetime, limit: int) -> datetime | None:
    with transaction.atomic():
        row, _created = LoginThrottle.objects.select_for_update().get_or_create(key=key, defaults={"window_start": now})
        if row.window_start <= now - _lockout() or (row.locked_until is not None and row.locked_until <= now):
            row.failures, row.window_start, row.locked_until = 0, now, None  # an old window: start again
        row.failures += 1
        if row.failures >= limit:
            row.locked_until, row.failures = now + _lockout(), 0
        row.save()
        return row.locked_until


def minutes_left(until: datetime, now: datetime) -> int:
    """Whole minutes until a lockout ends, at least one: what the refusal tells the person."""
    return max(1, math.ceil((until - now).total_seconds() / 60))


def record_success(username: str, address: str) -> None:
    """A correct password clears the pair's failures (not the address's: one account of its own must not
    let an address wipe the count of the names it guessed)."""
    LoginThrottle.objects.filter(key=throttle_key(username, address)).delete()
