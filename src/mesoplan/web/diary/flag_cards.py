"""A red flag as the pages show it: how urgent (its level in the knowledge base), where it stands in its
life cycle, and the links to its two steps. Shared by the diary's pages and the logged-in home."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext

from mesoplan import services
from mesoplan.core.knowledge import Knowledge
from mesoplan.core.tracking_reactions import flag_level
from mesoplan.web.front.alerts import RED_FLAG_TITLES
from mesoplan.web.front.display import long_date
from mesoplan.web.records import flags
from mesoplan.web.records.models import Reaction


@dataclass(frozen=True)
class FlagCard:
    pk: int
    day: str
    name: str
    level: str  # emergency | doctor_today | doctor_soon
    level_title: str
    status: str  # open | seen | resolved
    doctor_enough: bool  # a doctor's look lifts the block on new sessions (`seen_lifts_block`)
    seen_on: str
    seen_note: str
    resolved_on: str
    resolved_by: str
    resolved_note: str
    seen_url: str
    resolved_url: str


def card(row: Reaction, kb: Knowledge, back: str = "") -> FlagCard:
    """One red-flag reaction as a card; `back` is the page the step forms return to."""
    effect = kb.side_effects[row.symptom]
    level = flag_level(effect)
    query = "?" + urlencode({"next": back}) if back else ""
    return FlagCard(
        row.pk, long_date(row.date), gettext(effect.name), level, str(RED_FLAG_TITLES[level]), row.flag_status,
        effect.seen_lifts_block, long_date(row.flag_seen_on), row.flag_seen_note, long_date(row.flag_resolved_on),
        row.flag_resolved_by, flags.resolved_note(row),
        reverse("diary:flag_seen", args=[row.pk]) + query, reverse("diary:flag_resolved", args=[row.pk]) + query)


def open_cards(user: Any, back: str = "") -> list[FlagCard]:
    """The person's red flags not yet resolved (open, or seen by a doctor), latest first."""
    return cards(flags.open_flag_rows(user), back)


def cards(rows: list[Reaction], back: str = "") -> list[FlagCard]:
    """`rows` (`flags.open_flag_rows`, or a review's `open_flags`) as cards, in their order."""
    kb = services.knowledge()
    return [card(r, kb, back) for r in rows]
