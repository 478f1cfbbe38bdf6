"""A person's red flags and their life cycle (decisions item 1): open → seen → resolved.

The one place that says which of a person's reactions are red flags still open (the gate's
`open_flags`, the pages' warning-sign cards, the API) and that records the two steps, so the
pages and the API store exactly the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from mesoplan import services
from mesoplan.application.diary import FlagHistory
from mesoplan.core.gate import OpenFlag
from mesoplan.core.knowledge import Knowledge
from mesoplan.core.tracking_reactions import is_red_flag
from mesoplan.web.records.models import CLOSED_BY_LATER_SESSION, Reaction


def is_flag(reaction: Reaction, kb: Knowledge | None = None) -> bool:
    """Whether this reaction is a red flag (a symptom the knowledge base names one, or rated severe)."""
    kb = kb or services.knowledge()
    return reaction.symptom in kb.side_effects and is_red_flag(reaction.symptom, reaction.severity, kb)


def flagged(kb: Knowledge) -> Q:
    """The rows that may be red flags, for the database to pick (the core then says which are)."""
    return Q(symptom__in=[e.id for e in kb.side_effects.values() if e.kind == "red_flag"]) | \
        Q(severity__gte=kb.thresholds.severe_rating)


def open_flag_rows(user: Any) -> list[Reaction]:
    """The person's red flags no doctor or practitioner has closed, latest first. A flag a doctor
    has seen stays among them: the gate decides whether that look lifts its block."""
    kb = services.knowledge()
    rows: QuerySet[Reaction] = Reaction.objects.owned_by(user).exclude(flag_status="resolved").filter(flagged(kb))
    return [r for r in rows if is_flag(r, kb)]


def open_flags(user: Any) -> tuple[OpenFlag, ...]:
    """The person's open red flags as the gate reads them (with the day a doctor saw each, if recorded)."""
    kb = services.knowledge()
    return tuple(as_open_flag(r, kb) for r in open_flag_rows(user))


def as_open_flag(row: Reaction, kb: Knowledge) -> OpenFlag:
    return OpenFlag(row.symptom, row.date, kb.side_effects[row.symptom].name,
                    row.flag_seen_on if row.flag_status == "seen" else None)


def resolved_note(row: Reaction) -> str:
    """The closing note in the reader's language where it is ours (the data migration's), else as written."""
    note = row.flag_resolved_note
    return gettext(note) if note == CLOSED_BY_LATER_SESSION else note


def record_seen(reaction: Reaction, seen_on: date, note: str) -> None:
    """A doctor saw the flag on `seen_on` (the form has checked the date and the note)."""
    with transaction.atomic():
        reaction.flag_status, reaction.flag_seen_on, reaction.flag_seen_note = "seen", seen_on, note
        reaction.save(update_fields=["flag_status", "flag_seen_on", "flag_seen_note"])


def record_resolved(reaction: Reaction, resolved_on: date, by: str, note: str) -> None:
    """A doctor or practitioner (`by`, a name) closed the flag on `resolved_on`."""
    with transaction.atomic():
        reaction.flag_status, reaction.flag_resolved_on = "resolved", resolved_on
        reaction.flag_resolved_by, reaction.flag_resolved_note = by, note
        reaction.save(update_fields=["flag_status", "flag_resolved_on", "flag_resolved_by", "flag_resolved_note"])


def flag_rows(user: Any, since: date, kb: Knowledge | None = None) -> list[Reaction]:
    """The person's red flags that may have been open on a day from `since` on (resolved on or after it,
    or not resolved), latest first, in one query: what `histories_of` reads, and every flag still open
    (`still_open`) among them."""
    kb = kb or services.knowledge()
    rows = Reaction.objects.owned_by(user).filter(flagged(kb)).exclude(flag_status="resolved",
                                                                       flag_resolved_on__lt=since)
    return [r for r in rows if is_flag(r, kb)]


def still_open(rows: list[Reaction]) -> list[Reaction]:
    """The flags among `rows` (`flag_rows`) no doctor or practitioner has closed: `open_flag_rows`."""
    return [r for r in rows if r.flag_status != "resolved"]


def histories_of(rows: list[Reaction], kb: Knowledge) -> list[FlagHistory]:
    """`rows` (`flag_rows`) with the day each was resolved: what the diary's logged-session alerts read."""
    return [FlagHistory(OpenFlag(r.symptom, r.date, kb.side_effects[r.symptom].name, r.flag_seen_on),
                        r.flag_resolved_on if r.flag_status == "resolved" else None) for r in rows]


def dealt_with_among(rows: Iterable[Reaction], kb: Knowledge) -> frozenset[tuple[str, date]]:
    """(symptom, day) of the red flags among `rows` a doctor has seen or someone closed: their "see a
    doctor" alert has been answered, and the warning-sign card tells where they stand. For an alert
    about one of `rows`, the whole answer: `records.recent` reads every reaction of its day (and every
    red flag, when it reads older ones)."""
    return frozenset((r.symptom, r.date) for r in rows
                     if r.flag_status != "open" and is_flag(r, kb))
