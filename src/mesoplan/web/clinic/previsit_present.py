"""The client's own intake as a practitioner reviews it: each answer that differs from the intake on file,
named as the form names it, with the values in words (the knowledge base's names, dates as written)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from mesoplan.web.clinic.models.clients import SEX_CHOICES
from mesoplan.web.clinic.previsit import Change
from mesoplan.web.front import glossary
from mesoplan.web.front.display import long_date

# the intake's list → the glossary category its ids are in
CATEGORY = {"zones": "zone", "goals": "goal", "allergies": "ingredient", "serums": "ingredient",
            "conditions": "condition", "medications": "medication", "procedures": "procedure"}


@dataclass(frozen=True)
class ChangeView:
    label: str
    before: str
    after: str


def _label(key: str) -> str:
    """The answer named as the self-check's form names it (the same message ids, so the same translations)."""
    labels = {"age": _("Age"), "sex": _("Sex"), "fitzpatrick": _("Skin type"), "pregnant": _("I am pregnant"),
              "breastfeeding": _("I am breastfeeding"), "zones": _("Which areas?"),
              "goals": _("What would you like to improve?"), "allergies": _("Allergies"),
              "conditions": _("Conditions you have now or had"), "medications": _("Medicines and supplements"),
              "procedures": _("Other procedures"), "serums": _("Serums"), "device": _("Device")}
    return labels.get(key, key)


def _name(key: str, term_id: str) -> str:
    found = glossary.term(CATEGORY[key], term_id) if key in CATEGORY else None
    return found.name if found is not None else term_id


def _dated(value: Any) -> str:
    try:
        return long_date(date.fromisoformat(value))
    except (TypeError, ValueError):
        return str(value)


def _entry(key: str, entry: Any) -> str:
    if not isinstance(entry, dict):
        return _name(key, str(entry))
    dates = [_dated(entry[k]) for k in ("date", "stopped", "until") if entry.get(k)]
    return _name(key, str(entry.get("id", ""))) + (f" ({', '.join(dates)})" if dates else "")


def value_text(key: str, value: Any) -> str:
    if value in (None, "", [], {}):
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return "; ".join(_entry(key, e) for e in value)
    if isinstance(value, dict):
        if key == "device":
            kind = value.get("kind")
            found = glossary.term("device", str(kind)) if kind else None
            rest = [f"{value[k]} mm" if k == "needle_mm" else str(value[k]) for k in ("needle_mm", "needles")
                    if value.get(k) is not None]
            return ", ".join([found.name if found else str(kind or "—"), *rest])
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    if key == "sex":
        return str(dict(SEX_CHOICES).get(value, value))
    return str(value)


def change_views(found: list[Change]) -> list[ChangeView]:
    return [ChangeView(_label(c.key), value_text(c.key, c.before), value_text(c.key, c.after)) for c in found]
