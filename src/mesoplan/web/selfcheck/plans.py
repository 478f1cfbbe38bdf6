"""The planner and its exports, as the web pages use them: same services, the visitor's language."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext

from mesoplan import services
from mesoplan.core.intake import Intake
from mesoplan.core.plan_model import Plan
from mesoplan.exports.ical import Detail, plan_to_ics
from mesoplan.exports.pdf import plan_to_pdf


def make_plan(intake: Intake, today: date) -> Plan:
    """The plan for a parsed intake; `today` keeps its preparation out of the past."""
    return services.plan_intake(intake, today=today)


def plan_data(data: dict[str, Any], today: date) -> dict[str, Any]:
    """The contract's plan JSON for intake data, to keep with a saved check."""
    return services.plan_data(data, today=today)


def export(kind: str, plan: Plan, person: str = "", detail: Detail = "daily") -> bytes:
    """The plan as an iCalendar (`ical`, its UIDs made the `person`'s own, `detail` as asked) or PDF
    (`pdf`) file, in the visitor's language. A calendar of a plan without sessions raises `NoSessionsError`."""
    if kind == "ical":
        return plan_to_ics(plan, services.knowledge(), person=person, translate=gettext, detail=detail)
    return plan_to_pdf(plan, services.knowledge(), translate=gettext)
