"""Set up the diary pages' benchmark (`diary_pages.py`): migrate a fresh database, then one home user per
history length, each logged in; prints their session cookies as JSON. Run in its own process, with the
server's MESOPLAN_DATA and MESOPLAN_SECRET_KEY, so that the server accepts the sessions."""

from __future__ import annotations

import json
import os
import sys
from datetime import date, timedelta
from decimal import Decimal

import django


def history(owner: object, entries: int, today: date) -> None:
    """`entries` rows: a session a week back from yesterday (0.25 mm pen, a rating) and a reaction the
    day after every other one: the diary of someone who has used mesoplan for years."""
    from mesoplan.web.records.models import Device, Reaction, Session

    pen = Device.objects.create(owner=owner, kind="derma_pen", label="Pen", needle_mm=Decimal("0.25"),
                                first_used=today - timedelta(days=7 * entries + 7), last_sanitised=today)
    count = entries - entries // 3  # two sessions for each reaction
    Session.objects.bulk_create(Session(owner=owner, date=today - timedelta(days=1 + 7 * n), device=pen,
                                        zones=["forehead", "cheeks"], needle_mm=Decimal("0.25"), outcome=1 + n % 10)
                                for n in range(count))
    stored = Session.objects.filter(owner=owner).order_by("-date")[:entries - count]
    Reaction.objects.bulk_create(Reaction(owner=owner, session=s, date=s.date + timedelta(days=1), symptom="redness",
                                          severity=2) for s in stored)


def main(sizes: list[int]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mesoplan.web.settings")
    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from mesoplan.web.selfcheck import saving

    call_command("migrate", interactive=False, verbosity=0)
    today = timezone.localdate()
    cookies = {}
    for size in sizes:
        owner = User.objects.create_user(username=f"diary{size}")
        intake = {"setting": "home", "start": (today + timedelta(days=5)).isoformat(), "zones": ["cheeks", "forehead"],
                  "goals": ["texture"]}
        saving.create(owner, "My check", intake, today)  # and its plan: the timeline shows the sessions to come
        history(owner, size, today)
        browser = Client()
        browser.force_login(owner)
        cookies[size] = f"{settings.SESSION_COOKIE_NAME}={browser.cookies[settings.SESSION_COOKIE_NAME].value}"
    print(json.dumps(cookies))


if __name__ == "__main__":
    main([int(size) for size in sys.argv[1:]])
