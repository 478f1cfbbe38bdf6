"""The zone map of a screening's answer: shared by the self-check's answer and the clinic's client page."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext

from mesoplan import services
from mesoplan.web.front import display
from mesoplan.web.front.zonemap import zone_map


def answer_map(answer: display.AnswerView) -> list[Any]:
    """The zone map coloured by each zone's verdict, labelled with its longest needle."""
    kb = services.knowledge()
    names = {z: display.zone_name(z, kb) for z in kb.zones}
    verdicts = {z.id: z.verdict for z in answer.zones}
    labels = {z.id: z.max_mm for z in answer.zones if z.max_mm}
    titles = {z.id: gettext("{zone}: {verdict}; needle up to {max} mm, {suggested} mm suggested").format(
        zone=z.name, verdict=z.badge, max=z.max_mm, suggested=z.suggested_mm) if z.max_mm
        else gettext("{zone}: {verdict}").format(zone=z.name, verdict=z.badge) for z in answer.zones}
    views = zone_map(names, verdicts=verdicts, titles=titles, labels=labels)
    return [v for v in views if any(s.zone in verdicts for s in v.shapes)]  # only the views with a treated zone
