"""A client's signed clinic sessions, as the sessions their own diary shows (see `diary.hooks`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from mesoplan.core.tracking import LoggedSession
from mesoplan.web.records.recent import sessions_from


def signed_sessions_of(user: Any, cutoff: date | None = None) -> list[LoggedSession]:
    """The signed sessions of every clinic this person is a linked client of: those on or after
    `cutoff` and the latest one before it (all of them without a cutoff).

    Only signed sessions: a draft may still be corrected or deleted by the clinic.
    """
    from mesoplan.web.clinic.models import ClinicSession
    from mesoplan.web.clinic.record_mapping import logged_session

    if not getattr(user, "is_authenticated", False):
        return []
    signed = ClinicSession.objects.filter(client__user=user, signed_at__isnull=False)
    return [logged_session(s) for s in sessions_from(signed, cutoff).prefetch_related("zones")]
