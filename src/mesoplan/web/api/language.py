"""The API's texts in the language of `Accept-Language`.

The contract's JSON is built in English by `core.serialize`; for a Russian or French
request the texts a person reads (reason messages, disagreements, plan titles and
details, warnings) are replaced by their translations. Ids, codes, verdicts and ISO
dates stay as the contract defines them.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext

from mesoplan import i18n
from mesoplan.core.plan_model import Plan
from mesoplan.core.screening import ScreeningResult


def screening_texts(data: dict[str, Any], result: ScreeningResult) -> dict[str, Any]:
    """`data` (from `serialize.screening_data(result)`) with its texts in the request's language."""
    if i18n.current() == "en":
        return data
    for item, reason in zip(data["reasons"], result.reasons, strict=True):
        item["message"] = i18n.render_reason(reason, gettext)
    for d in data["disagreements"]:
        d["topic"], d["decision"], d["why"] = gettext(d["topic"]), gettext(d["decision"]), gettext(d["why"])
        for side in d["sides"]:
            side["says"] = gettext(side["says"])
    return data


def plan_texts(data: dict[str, Any], plan: Plan) -> dict[str, Any]:
    """`data` (from `serialize.plan_data(plan)`) with its texts in the request's language."""
    if i18n.current() == "en":
        return data
    screening_texts(data["screening"], plan.screening)
    data["protocol"]["title"] = gettext(plan.protocol.title)
    for item, event in zip(data["events"], plan.events, strict=True):
        item["title"] = i18n.render_message(event.title, gettext)
        item["details"] = "\n".join(i18n.render_message(d, gettext) for d in event.details)
    data["warnings"] = [i18n.render_message(w, gettext) for w in plan.warnings]
    for zone in plan.zones:
        if zone.left_out is not None:
            data["zones"][zone.zone]["left_out"] = i18n.render_message(zone.left_out, gettext)
    return data
