"""A home user as the gate needs them (`application.ports.PersonNow`), read from their own records:
the intake of their latest saved check and the day it was last answered, the shipped knowledge, and
the red flags of their diary still open (reported after their last session, as the diary reads them)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from mesoplan import services
from mesoplan.application.ports import PersonNow
from mesoplan.core.gate import OpenFlag
from mesoplan.core.tracking_reactions import is_red_flag
from mesoplan.web.records.models import Reaction, SavedCheck, Session


def open_flags(user: Any) -> tuple[OpenFlag, ...]:
    """Red-flag reactions on or after the last logged session: a later session shows one was dealt with."""
    kb = services.knowledge()
    last = Session.objects.owned_by(user).order_by("-date").values_list("date", flat=True).first()
    rows = Reaction.objects.owned_by(user)
    if last is not None:
        rows = rows.filter(date__gte=last)
    return tuple(OpenFlag(r.symptom, r.date, kb.side_effects[r.symptom].name) for r in rows
                 if r.symptom in kb.side_effects and is_red_flag(r.symptom, r.severity, kb))


def person_now(user: Any) -> PersonNow | None:
    """The person now, or None without a saved check (nothing to ask the gate about)."""
    check = SavedCheck.objects.owned_by(user).first()
    if check is None:
        return None
    return PersonNow(check.intake, timezone.localdate(check.updated_at), services.knowledge(),
                     open_flags=open_flags(user))
