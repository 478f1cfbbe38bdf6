"""The gate as a use case (application/gate.py), with storage behind the `People` port: an in-memory fake.

No database: the use case reads the person through the port and answers, or refuses with findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest

from mesoplan.application import gate
from mesoplan.application.ports import PersonNow
from mesoplan.core.gate import OpenFlag, ProposedSession
from mesoplan.errors import ActionRefusedError, IntakeError
from plan_factories import KB

TAKEN = date(2026, 12, 1)


@dataclass
class PeopleInMemory:
    """`People` over a dict: person id → what storage would hold."""

    rows: dict[int, PersonNow] = field(default_factory=dict)

    def person_now(self, person_id: int) -> PersonNow:
        if person_id not in self.rows:
            raise IntakeError("intake", "take the client's intake first")
        return self.rows[person_id]


def _person(flags: tuple[OpenFlag, ...] = (), cleared: frozenset[str] = frozenset(), **intake: object) -> PersonNow:
    data = {"setting": "clinic", "start": TAKEN.isoformat(), "zones": ["forehead", "cheeks"], **intake}
    return PersonNow(data, TAKEN, KB, "policy-1", flags, cleared, 7 if cleared else None)


def _session(day: date = TAKEN, **fields: object) -> ProposedSession:
    return ProposedSession("sign", day, ("forehead",), **fields)  # type: ignore[arg-type]


def test_a_session_the_screening_allows_is_signed_with_what_it_rests_on() -> None:
    people = PeopleInMemory({1: _person()})
    allowed = gate.require_for(people, 1, _session(), acknowledged=False)
    assert allowed.screening_digest and allowed.knowledge_version == KB.version
    assert allowed.policy_version == "policy-1" and allowed.clearance_id is None


def test_a_consult_is_refused_until_a_clearance_covers_its_rule_then_the_clearance_is_kept() -> None:
    people = PeopleInMemory({1: _person(conditions=[{"id": "diabetes_insulin"}])})
    with pytest.raises(ActionRefusedError) as refused:
        gate.require_for(people, 1, _session(), acknowledged=True)
    assert [f.rule for f in refused.value.findings] == ["diabetes_insulin_consult"]  # type: ignore[attr-defined]
    people.rows[1] = _person(cleared=frozenset({"diabetes_insulin_consult"}), conditions=[{"id": "diabetes_insulin"}])
    assert gate.require_for(people, 1, _session(), acknowledged=False).clearance_id == 7


def test_an_open_red_flag_in_storage_refuses_whatever_was_acknowledged() -> None:
    people = PeopleInMemory({1: _person(flags=(OpenFlag("blisters", TAKEN),))})
    with pytest.raises(ActionRefusedError) as refused:
        gate.require_for(people, 1, _session(), acknowledged=True)
    assert [f.kind for f in refused.value.findings] == ["red_flag"]  # type: ignore[attr-defined]


def test_a_wait_is_counted_to_the_session_day_the_stored_intake_gives() -> None:
    peel = TAKEN - timedelta(days=5)
    people = PeopleInMemory({1: _person(procedures=[{"id": "chemical_peel_medium", "date": peel.isoformat()}])})
    assert gate.answer_for(people, 1, _session()).blocks
    assert not gate.answer_for(people, 1, _session(peel + timedelta(days=30))).findings


def test_a_person_without_an_intake_is_an_error_naming_the_intake() -> None:
    with pytest.raises(IntakeError) as error:
        gate.answer_for(PeopleInMemory(), 1, _session())
    assert error.value.field == "intake"
