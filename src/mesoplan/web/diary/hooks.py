"""Sessions a person's diary shows although the diary does not keep them (a clinic's signed sessions).

Another app registers a source at start-up (`add_session_source`); the diary's review
adds what the sources give to the person's own sessions, so the timeline and the
spacing alerts see home and clinic sessions together. The diary imports nothing of
the apps that feed it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from mesoplan.core.tracking import LoggedSession

# `source(user, cutoff)`: the sessions on or after `cutoff` and the latest one before it
# (`records.recent.sessions_from`); every session when `cutoff` is None.
SessionSource = Callable[[Any, date | None], list[LoggedSession]]
_sources: list[SessionSource] = []


def add_session_source(source: SessionSource) -> None:
    """Register `source(user, cutoff) -> sessions`; registering the same source twice has no effect."""
    if source not in _sources:
        _sources.append(source)


def linked_sessions(user: Any, cutoff: date | None = None) -> list[LoggedSession]:
    """The sessions the registered sources give for this person: those on or after `cutoff` and the
    latest before it, or all of them."""
    return [session for source in _sources for session in source(user, cutoff)]
