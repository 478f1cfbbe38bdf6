"""Keeping a check: the intake, the screening the services gave and, with a planner, the plan — all or nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from mesoplan import services
from mesoplan.web.records.models import SavedCheck, SavedPlan, Screening
from mesoplan.web.selfcheck import plans


def record(check: SavedCheck, today: date) -> Screening:
    """Screen the check's intake now and keep the answer (and a new plan) beside the earlier ones."""
    result = services.screen_data(check.intake, today=today)
    with transaction.atomic():
        screening = Screening.objects.create(
            owner=check.owner, saved_check=check, intake=check.intake, result=result,
            verdict=result["verdict"], knowledge_version=result["knowledge_version"])
        plan = plans.plan_data(check.intake, today)
        if plan is not None:
            SavedPlan.objects.create(owner=check.owner, saved_check=check, plan=plan,
                                     protocol_id=str((plan.get("protocol") or {}).get("id", "")),
                                     knowledge_version=result["knowledge_version"])
    return screening


def create(owner: Any, title: str, intake: dict[str, Any], today: date) -> SavedCheck:
    """A new saved check with its first screening. Raises `IntakeError` (and stores nothing) for bad data."""
    services.parse_intake(intake, today=today)  # refuse bad data before anything is written
    with transaction.atomic():
        check = SavedCheck.objects.create(owner=owner, title=title, intake=intake)
        record(check, today)
    return check


def update(check: SavedCheck, intake: dict[str, Any], today: date) -> Screening:
    """Change a saved check's answers and screen them again."""
    services.parse_intake(intake, today=today)
    with transaction.atomic():
        check.intake = intake
        check.save(update_fields=["intake", "updated_at"])
        return record(check, today)
