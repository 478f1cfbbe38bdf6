"""Long diaries for the tests of the diary's cost and window: years of sessions, reactions and devices."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from web_builders import today

from mesoplan import services
from mesoplan.web.records.models import Device, Reaction, Session

ZONES = ("forehead", "cheeks", "nose", "chin", "neck")
NEEDLES = (Decimal("0.25"), Decimal("0.5"), Decimal("1.0"), None)


def weekly_diary(owner: User, entries: int, *, last: date | None = None) -> None:
    """`entries` rows, a session a week back from `last` (default: today) and a reaction after every
    other one, all with the same pen: the diary of someone who has used it for years."""
    last = last or today()
    pen = Device.objects.create(owner=owner, kind="derma_pen", label="Pen", needle_mm=Decimal("0.25"),
                                first_used=last - timedelta(days=7 * entries), last_sanitised=last)
    sessions, n = [], 0
    while len(sessions) + n // 2 < entries:
        sessions.append(Session(owner=owner, date=last - timedelta(days=7 * n), zones=["forehead", "cheeks"],
                                device=pen, outcome=1 + n % 10))
        n += 1
    Session.objects.bulk_create(sessions)
    stored = list(Session.objects.filter(owner=owner).order_by("-date"))
    reactions = [Reaction(owner=owner, session=s, date=s.date + timedelta(days=1), symptom="redness", severity=2)
                 for s in stored[::2][:entries - len(stored)]]
    Reaction.objects.bulk_create(reactions)


def random_diary(owner: User, seed: int, *, years: int = 3) -> None:
    """A varied diary over `years` up to today (seeded): sessions 2 to 40 days apart with any needle
    and device, some too soon; reactions of every kind, some without their session; devices
    retired, in use, single-use and worn; a lapse of months somewhere."""
    rng = random.Random(seed)
    kb = services.knowledge()
    symptoms = sorted(kb.side_effects)
    first = today() - timedelta(days=365 * years)
    devices = [
        Device.objects.create(owner=owner, kind="dermaroller", needle_mm=Decimal("0.5"), first_used=first,
                              retired_on=first + timedelta(days=200)),
        Device.objects.create(owner=owner, kind="derma_pen", needle_mm=Decimal("0.25"), uses_before=rng.randint(0, 5)),
        Device.objects.create(owner=owner, kind="dermaroller", needle_mm=Decimal("0.25"),
                              first_used=today() - timedelta(days=rng.randint(30, 400)),
                              last_sanitised=today() - timedelta(days=rng.randint(0, 60))),
    ]
    day = first
    lapse = first + timedelta(days=rng.randint(100, 365 * years - 100))
    while day <= today():
        device = rng.choice([None, *devices[1:]]) if day > devices[0].retired_on else rng.choice(devices)
        row = Session.objects.create(owner=owner, date=day, zones=rng.sample(ZONES, rng.randint(1, 3)),
                                     needle_mm=rng.choice(NEEDLES), device=device,
                                     setting=rng.choice(("home", "home", "clinic")),
                                     serum=rng.choice(("", "", "hyaluronic_acid")), outcome=rng.randint(1, 10))
        for _ in range(rng.choice((0, 0, 1, 2))):
            noticed = min(today(), day + timedelta(days=rng.randint(0, 12)))
            Reaction.objects.create(owner=owner, session=row if rng.random() < 0.7 else None, date=noticed,
                                    symptom=rng.choice(symptoms), severity=rng.randint(1, 5))
        day += timedelta(days=rng.randint(2, 40) + (rng.randint(90, 200) if lapse <= day < lapse + timedelta(40)
                                                     else 0))
