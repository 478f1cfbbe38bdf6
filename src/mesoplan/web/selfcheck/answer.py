"""Intake data → everything the answer page shows: verdict, reasons, zone map, disagreements, plan.

The services decide; this only assembles their answer for the templates.
Raises `IntakeError` for data that no longer parses (a stored intake after the
vocabulary changed); the views turn that into a message.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date
from typing import Any

from mesoplan import services
from mesoplan.web.front import display
from mesoplan.web.front.answer_map import answer_map
from mesoplan.web.front.plan_display import plan_view
from mesoplan.web.selfcheck import plans


def answer_context(data: Mapping[str, Any], today: date) -> dict[str, Any]:
    """The template context of an answer for intake data."""
    kb = services.knowledge()
    intake = services.parse_intake(data, today=today)
    plan = plans.make_plan(intake, today)
    # The plan's copy of the screening: the same verdict and reasons, with each "last dose on …"
    # counted from the plan's first session, so the reasons and the plan on the page agree.
    answer = display.answer_view(plan.screening, kb)
    # No needle advice for a zone the plan leaves out (a doctor first, not now): it is not to be treated.
    left_out = {z.zone for z in plan.zones if z.available is None}
    answer = dataclasses.replace(answer, zones=[
        dataclasses.replace(z, max_mm="", suggested_mm="", until="") if z.id in left_out else z
        for z in answer.zones])
    # Each source the answer cites, with what it is, listed once at the end of the page: the links
    # beside reasons and steps carry only the code (the plan cites the same ones dozens of times).
    codes = [*(s.code for r in answer.reasons for s in r.sources),
             *(s.code for d in answer.disagreements for side in d.sides for s in side.sources),
             *(c for e in plan.events for c in e.sources)]
    return {
        "answer": answer,
        "map_views": answer_map(answer),
        "plan": plan_view(plan, kb),
        "cited": display.source_refs(dict.fromkeys(codes), kb),
    }


