"""The one place that decides what is allowed now for a person: the gate as a use case.

Every page, endpoint and command that plans, books, charts, signs or logs a session asks
`answer` (or `require`): it reads the person's stored intake, the knowledge in force for
them, their open red flags and their recorded clearance, and asks the core's gate
(`mesoplan.core.gate`) about the proposed session. Nothing else decides.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from mesoplan import services
from mesoplan.application.ports import People, PersonNow
from mesoplan.core.gate import GateAnswer, ProposedSession, ask
from mesoplan.core.screening import ScreeningResult
from mesoplan.errors import ActionRefusedError

DIGEST_CHARS = 24


def answer(person: PersonNow, session: ProposedSession) -> GateAnswer:
    """The gate's answer for a proposed session of this person. Raises `IntakeError` when the
    stored intake does not read (the page then says the intake needs review)."""
    intake = services.parse_intake(person.intake, today=person.taken_on)
    return ask(intake, session, person.knowledge, person.open_flags)


def answer_for(people: People, person_id: int, session: ProposedSession) -> GateAnswer:
    """`answer` for a person read from storage."""
    return answer(people.person_now(person_id), session)


@dataclass(frozen=True)
class Allowed:
    """What a session that passed the gate keeps of it: the screening it rests on."""

    answer: GateAnswer
    screening_digest: str
    knowledge_version: str
    policy_version: str
    clearance_id: int | None


def require_for(people: People, person_id: int, session: ProposedSession, acknowledged: bool) -> Allowed:
    """`require` for a person read from storage (as stored now: a draft open in another tab does not
    hide a red flag logged since)."""
    return require(people.person_now(person_id), session, acknowledged)


def require(person: PersonNow, session: ProposedSession, acknowledged: bool) -> Allowed:
    """Ask the gate and refuse unless the session may go ahead.

    Args:
        person: the person now (intake, knowledge in force, flags, clearance).
        session: the proposed session.
        acknowledged: whether the practitioner acknowledged the cautions for this session.
    Returns:
        The answer, with the digest and versions of the screening to store with the session.
    Raises:
        ActionRefusedError: something blocks, a consult is not cleared, or a caution is not
            acknowledged; its findings say which.
        IntakeError: the stored intake does not read.
    """
    found = answer(person, session)
    if not found.allows(person.cleared_rules, acknowledged):
        missing = [f for f in found.findings if f.need == "block"
                   or (f.need == "clearance" and f.rule not in person.cleared_rules)
                   or (f.need == "acknowledge" and not acknowledged)]
        raise ActionRefusedError(tuple(missing))
    version = found.screening.knowledge_version if found.screening is not None else person.knowledge.version
    digest = screening_digest(found.screening) if found.screening is not None else ""
    return Allowed(found, digest, version, person.policy_version,
                   person.clearance_id if found.consult_rules else None)


def screening_digest(result: ScreeningResult) -> str:
    """A short digest of what a screening answered: verdict, earliest start and each reason."""
    items = [result.verdict, result.earliest_start,
             [[r.rule, r.factor, r.effect, r.until, r.zones] for r in result.reasons]]
    text = json.dumps(items, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:DIGEST_CHARS]
