"""What the use cases need of storage: small interfaces, one per question they ask."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from mesoplan.core.gate import OpenFlag
from mesoplan.core.knowledge import Knowledge


@dataclass(frozen=True)
class PersonNow:
    """Everything the gate needs to know about one person now, as storage holds it.

    `intake` is the stored intake (the contract's data) and `taken_on` the day it was taken;
    `knowledge` is the knowledge in force for this person (a clinic's policy applied) and
    `policy_version` names that policy ("" for none). `cleared_rules` are the consult rules a
    recorded clearance covers; `open_flags` the red flags no practitioner has closed.
    """

    intake: Mapping[str, Any]
    taken_on: date | None
    knowledge: Knowledge
    policy_version: str = ""
    open_flags: tuple[OpenFlag, ...] = ()
    cleared_rules: frozenset[str] = frozenset()
    clearance_id: int | None = None


class People(Protocol):
    """Reads a person (a clinic's client) as the gate needs them."""

    def person_now(self, person_id: int) -> PersonNow:
        """The person's state now. Raises `IntakeError` (field `intake`) when no intake was taken."""
        ...
