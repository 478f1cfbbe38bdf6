"""The progress chart's data: self-rated outcomes and reactions of one person."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext

from mesoplan import services
from mesoplan.web.diary import chart
from mesoplan.web.records.models import Reaction, Session


def chart_for(user: Any) -> chart.Chart:
    kb = services.knowledge()
    sessions = list(Session.objects.owned_by(user).only("date", "outcome"))
    outcomes = [(s.date, s.outcome, gettext("%(date)s: %(value)s of 10") % {"date": s.date, "value": s.outcome})
                for s in sessions if s.outcome is not None]
    reactions = []
    for r in Reaction.objects.owned_by(user).only("date", "symptom", "severity"):
        effect = kb.side_effects.get(r.symptom)
        name = gettext(effect.name) if effect else r.symptom
        reactions.append((r.date, r.severity, f"{r.date}: {name} ({r.severity}/5)",
                          effect is not None and effect.kind == "red_flag"))
    return chart.build(outcomes, reactions, [s.date for s in sessions])
