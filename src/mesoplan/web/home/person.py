"""A home user as the gate needs them (`application.ports.PersonNow`), read from their own records:
the intake of their latest saved check and the day it was last answered, the shipped knowledge, and
the red flags of their diary that nobody has closed (`records.flags`: open, or seen by a doctor)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from mesoplan import services
from mesoplan.application.ports import PersonNow
from mesoplan.core.gate import OpenFlag
from mesoplan.web.records import flags
from mesoplan.web.records.models import SavedCheck


def open_flags(user: Any) -> tuple[OpenFlag, ...]:
    """Red-flag reactions not resolved, with the day a doctor saw each (logging a session closes none)."""
    return flags.open_flags(user)


def person_now(user: Any) -> PersonNow | None:
    """The person now, or None without a saved check (nothing to ask the gate about)."""
    check = SavedCheck.objects.owned_by(user).first()
    if check is None:
        return None
    return PersonNow(check.intake, timezone.localdate(check.updated_at), services.knowledge(),
                     open_flags=open_flags(user))
