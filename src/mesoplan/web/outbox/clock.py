"""The outbox's clock: the one function the sending worker reads the time from.

`MESOPLAN_FIXED_NOW` (an ISO date-time with its offset) fixes it, so that a test runs a real
worker process at a chosen moment; unset, it is the real time.
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.utils import timezone


def now() -> datetime:
    """The current moment, or the fixed one of `MESOPLAN_FIXED_NOW`."""
    fixed = getattr(settings, "MESOPLAN_FIXED_NOW", "")
    if not fixed:
        return timezone.now()
    moment = datetime.fromisoformat(fixed)
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def today() -> date:
    """The local date of `now()` (the installation's time zone)."""
    return timezone.localdate(now())
