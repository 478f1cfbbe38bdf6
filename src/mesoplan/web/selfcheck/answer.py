"""Intake data → everything the answer page shows: verdict, reasons, zone map, disagreements, and the
plan's one-screen summary; and → the plan's own page, day by day.

The services decide; this only assembles their answer for the templates.
Raises `IntakeError` for data that no longer parses (a stored intake after the
vocabulary changed); the views turn that into a message.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from mesoplan import services
from mesoplan.core.knowledge import Knowledge
from mesoplan.core.plan_model import Plan
from mesoplan.web.front import display
from mesoplan.web.front.answer_map import answer_map
from mesoplan.web.front.plan_display import plan_view
from mesoplan.web.front.plan_summary import plan_summary
from mesoplan.web.selfcheck import plans


def _plan(data: Mapping[str, Any], today: date) -> tuple[Plan, display.AnswerView, Knowledge]:
    kb = services.knowledge()
    intake = services.parse_intake(data, today=today)
    plan = plans.make_plan(intake, today)
    # The plan's copy of the screening: the same verdict and reasons, with each "last dose on …"
    # counted from the plan's first session, so the reasons and the plan agree.
    answer = display.answer_view(plan.screening, kb)
    # No needle advice for a zone the plan leaves out (a doctor first, not now): it is not to be treated.
    left_out = {z.zone for z in plan.zones if z.available is None}
    answer = dataclasses.replace(answer, zones=[
        dataclasses.replace(z, max_mm="", suggested_mm="", until="") if z.id in left_out else z
        for z in answer.zones])
    return plan, answer, kb


def _cited(codes: Iterable[str], kb: Knowledge) -> list[display.SourceRef]:
    """Each source cited, with what it is, listed once at the end of the page: the links beside
    reasons and steps carry only the code (a plan cites the same ones dozens of times)."""
    return display.source_refs(dict.fromkeys(codes), kb)


def answer_context(data: Mapping[str, Any], today: date) -> dict[str, Any]:
    """The template context of an answer for intake data."""
    plan, answer, kb = _plan(data, today)
    summary = plan_summary(plan, kb)
    codes = [*(s.code for r in answer.reasons for s in r.sources),
             *(s.code for d in answer.disagreements for side in d.sides for s in side.sources),
             *(s.code for s in summary.sources)]
    return {"answer": answer, "map_views": answer_map(answer), "summary": summary, "cited": _cited(codes, kb)}


def plan_context(data: Mapping[str, Any], today: date) -> dict[str, Any]:
    """The template context of the plan's page: the verdict, then every day of the plan."""
    plan, answer, kb = _plan(data, today)
    return {"answer": answer, "plan": plan_view(plan, kb),
            "cited": _cited([c for e in plan.events for c in e.sources], kb)}
