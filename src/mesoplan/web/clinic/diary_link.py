"""A client's signed clinic sessions, as the sessions their own diary shows (see `diary.hooks`)."""

from __future__ import annotations

from typing import Any

from mesoplan.core.tracking import LoggedSession


def signed_sessions_of(user: Any) -> list[LoggedSession]:
    """The signed sessions of every clinic this person is a linked client of.

    Only signed sessions: a draft may still be corrected or deleted by the clinic.
    """
    from mesoplan.web.clinic.models import ClinicSession
    from mesoplan.web.clinic.record_mapping import logged_session

    if not getattr(user, "is_authenticated", False):
        return []
    sessions = (ClinicSession.objects.filter(client__user=user, signed_at__isnull=False)
                .prefetch_related("zones"))
    return [logged_session(s) for s in sessions]
