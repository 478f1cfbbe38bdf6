"""The anonymous API's throttle: requests per address, counted in the database cache.

django-ninja's own rate throttle (a sliding window of request times per address), with two
changes: the rate is read from the settings at each request (`MESOPLAN_API_ANON_RATE`, "off"
to switch it off), and the address is the login throttle's (the socket's, or behind our proxy
the one it appended), so a client cannot pick a fresh address with a made-up X-Forwarded-For.
The counts live in Django's database cache, which every server process shares (decisions
item 4): a per-process memory would let each worker grant its own allowance.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import AnonRateThrottle

from mesoplan.web.accounts.throttle import client_address

OFF = "off"


class AnonymousApiThrottle(AnonRateThrottle):
    """Throttles the endpoints anyone may call, per address; an authenticated caller is not counted here."""

    scope = "anonymous-api"

    def __init__(self) -> None:
        super().__init__(rate="1/s")  # replaced by the setting at each request

    def allow_request(self, request: HttpRequest) -> bool:
        rate = str(settings.MESOPLAN_API_ANON_RATE or OFF).strip()
        if rate == OFF:
            return True
        self.rate = rate
        self.num_requests, self.duration = self.parse_rate(rate)
        return bool(super().allow_request(request))

    def get_ident(self, request: HttpRequest) -> str:
        return client_address(request.META)


ANONYMOUS = AnonymousApiThrottle()
