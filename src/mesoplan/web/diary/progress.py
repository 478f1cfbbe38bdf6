"""The progress chart's data: self-rated outcomes and reactions of one person, over a window of days.

The chart shows one window (the last twelve months unless the person asks for an earlier
one), read with two queries whatever the diary's length.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.utils.translation import gettext

from mesoplan import services
from mesoplan.core.tracking_reactions import is_red_flag
from mesoplan.web.diary import chart, chart_svg
from mesoplan.web.records.models import Reaction, Session


def year_before(day: date) -> date:
    """The same day a year earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class Window:
    """The days a chart shows: the twelve months up to `last`."""

    first: date
    last: date
    earlier: date  # the `last` day of the window before this one
    later: date | None  # the `last` day of the window after this one, if it is not in the future

    @classmethod
    def ending(cls, last: date, today: date) -> Window:
        last = min(last, today)
        first = year_before(last) + timedelta(days=1)
        later = None if last >= today else min(today, last + (last - first) + timedelta(days=1))
        return cls(first, last, first - timedelta(days=1), later)


def chart_for(user: Any, window: Window) -> chart.Chart:
    """The chart of `window`: two queries of plain values, whatever the diary's length."""
    kb = services.knowledge()
    days = {"date__gte": window.first, "date__lte": window.last}
    sessions = list(Session.objects.owned_by(user).filter(**days).values_list("date", "outcome"))
    of_10 = gettext("%(date)s: %(value)s of 10")
    outcomes = [(day, value, of_10 % {"date": day, "value": value}) for day, value in sessions if value is not None]
    reactions = []
    for day, symptom, severity in Reaction.objects.owned_by(user).filter(**days).values_list("date", "symptom",
                                                                                              "severity"):
        effect = kb.side_effects.get(symptom)
        name = gettext(effect.name) if effect else symptom
        reactions.append((day, severity, f"{day}: {name} ({severity}/5)",
                          effect is not None and is_red_flag(symptom, severity, kb)))
    drawn = chart.build(outcomes, reactions, [day for day, _ in sessions], window.first, window.last)
    drawn.markup = chart_svg.markup(drawn)
    return drawn
