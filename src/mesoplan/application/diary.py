"""The home diary and the gate: a session logged after it happened is recorded, never refused
(decisions item 11); what the person's saved check would have ruled out, and a red flag that was
still open on the session's day, become alerts."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from mesoplan import services
from mesoplan.core.gate import Finding, OpenFlag, ProposedSession, ask
from mesoplan.core.knowledge import Knowledge
from mesoplan.core.tracking import Alert, LoggedSession
from mesoplan.errors import IntakeError

# A session of the diary is checked against the saved check only from the day the check was first
# made: its facts (a peel on 28 November, say) would misjudge sessions logged before they were true.


@dataclass(frozen=True)
class FlagHistory:
    """One red flag of the person with the day it was resolved, if it was: enough to tell whether it
    was open (or only seen by a doctor) on a session's day."""

    flag: OpenFlag  # `seen_on` set when a doctor saw it
    resolved_on: date | None = None

    def as_on(self, day: date) -> OpenFlag | None:
        """The flag as it stood on `day`: None when reported on or after that day or resolved by then."""
        if self.flag.date >= day or (self.resolved_on is not None and self.resolved_on <= day):
            return None
        seen = self.flag.seen_on
        return dataclasses.replace(self.flag, seen_on=seen if seen is not None and seen <= day else None)


def logged_session_alerts(intake: Mapping[str, Any], checked_since: date, sessions: Sequence[LoggedSession],
                          knowledge: Knowledge, flags: Sequence[FlagHistory] = ()) -> tuple[Alert, ...]:
    """Alerts for the home sessions, logged on or after `checked_since`, that the gate would not allow.

    Args:
        intake: the person's saved check (the contract's intake data).
        checked_since: the day the check was first saved.
        sessions: the diary's sessions, in any order; only home sessions are checked.
        knowledge: the knowledge base.
        flags: the person's red flags, with the day each was resolved: one still open on a
            session's day (reported before it) makes an urgent alert of its own.
    Returns:
        One urgent alert per blocking finding, one warning per consult that nobody cleared, each
        on the day of the session. None when the saved check no longer reads.
    """
    try:
        person = services.parse_intake(intake, today=checked_since)
    except IntakeError:
        return ()
    alerts: list[Alert] = []
    for session in sorted(sessions, key=lambda s: s.date):
        if session.setting != "home" or session.date < checked_since or not session.zones:
            continue
        needles = {z: session.needle_mm for z in session.zones} if session.needle_mm is not None else {}
        serums = (session.serum,) if session.serum else ()
        open_then = [f for f in (h.as_on(session.date) for h in flags) if f is not None]
        answer = ask(person, ProposedSession("log", session.date, session.zones, needles, serums), knowledge,
                     open_then)
        alerts += [_alert(f, session) for f in answer.findings if f.need in ("block", "clearance")]
    return tuple(alerts)


def _alert(finding: Finding, session: LoggedSession) -> Alert:
    params = {**finding.params, "until": finding.until, "zones": session.zones}
    if finding.kind == "red_flag":
        return Alert("session_with_open_flag", "urgent", session.date, finding.message_id, finding.sources, params)
    if finding.need == "block":
        return Alert("session_not_allowed", "urgent", session.date, finding.message_id, finding.sources, params)
    return Alert("session_needs_clearance", "warning", session.date, finding.message_id, finding.sources, params)
