"""A stored person's screening, the same wherever it is read: the intake as on the day it was taken,
with the knowledge in force for them (a clinic's policy applied)."""

from __future__ import annotations

from mesoplan import services
from mesoplan.application.ports import PersonNow
from mesoplan.core.plan_model import Plan
from mesoplan.core.screening import ScreeningResult


def screen_person(person: PersonNow) -> ScreeningResult:
    """The person's screening. Raises `IntakeError` when the stored intake does not read."""
    intake = services.parse_intake(person.intake, today=person.taken_on)
    return services.screen_intake(intake, person.knowledge)


def plan_person(person: PersonNow) -> Plan:
    """The person's plan, made as on the day the intake was taken. Raises `IntakeError`."""
    intake = services.parse_intake(person.intake, today=person.taken_on)
    return services.plan_intake(intake, today=person.taken_on, kb=person.knowledge)
