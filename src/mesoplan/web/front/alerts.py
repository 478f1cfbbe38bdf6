"""The diary's alerts and timeline entries as pages show them: translated, dated, with sources.

Shared by the home diary and the clinic's client page (which shows a client's home and clinic
sessions on one timeline), so that neither app imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, cast

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mesoplan import i18n
from mesoplan.core import tracking
from mesoplan.core.knowledge import Knowledge
from mesoplan.web.front.display import SourceRef, long_date, source_refs, zone_name

ALERT_TITLES = {
    "red_flag": _("See a doctor now"),
    "reaction_prolonged": _("A reaction is lasting longer than usual"),
    "session_too_soon": _("Too soon after the last session"),
    "session_due": _("Your next session"),
    "device_worn": _("Replace your device"),
    "single_use_reused": _("A single-use device was used again"),
    "device_not_sanitised": _("Clean your device"),
    "session_not_allowed": _("Your saved check did not allow this session"),
    "session_needs_clearance": _("This session needed a doctor's clearance first"),
    "session_with_open_flag": _("A session was logged while a warning sign was open"),
}
ALERT_CSS = {"urgent": "danger", "warning": "warning", "info": "info"}
# A red flag's title says how urgent it is (its level in the knowledge base, decisions item 1).
RED_FLAG_TITLES = {
    "emergency": _("Call emergency services now"),
    "doctor_today": _("See a doctor today"),
    "doctor_soon": _("See a doctor in the coming days"),
}


@dataclass(frozen=True)
class AlertView:
    kind: str
    level: str
    css: str
    title: str
    text: str
    day: str
    sources: list[SourceRef]


@dataclass(frozen=True)
class TimelineView:
    day: str
    iso: str
    kind: str
    css: str
    label: str
    zones: list[str]


def alert_text(alert: tracking.Alert) -> str:
    """An alert's message, translated, with its values (knowledge texts translated too)."""
    # Knowledge texts among the values (symptom names, advice) are message ids too.
    params = {k: gettext(v) if isinstance(v, str) else i18n.localized(v) for k, v in alert.params.items()}
    params.setdefault("date", i18n.long_date(alert.date))
    translated: tracking.Alert = replace(cast(Any, alert), params=params)
    return translated.render(gettext(alert.message_id))


def alert_view(a: tracking.Alert, kb: Knowledge) -> AlertView:
    """One alert as the pages show it."""
    return AlertView(a.kind, a.level, ALERT_CSS.get(a.level, "warning"), alert_title(a),
                     alert_text(a), long_date(a.date), source_refs(a.sources, kb))


def alert_title(a: tracking.Alert) -> str:
    """An alert's title, translated; a red flag's says how urgent it is."""
    title = ALERT_TITLES.get(a.kind, a.kind)
    if a.kind == "red_flag":
        title = RED_FLAG_TITLES.get(str(a.params.get("urgency")), title)
    return str(title)


def timeline_view(e: tracking.TimelineEntry, kb: Knowledge) -> TimelineView:
    """One timeline entry as the pages show it."""
    if e.kind == "reaction":
        effect = kb.side_effects.get(e.label)
        label = gettext(effect.name) if effect else e.label
    else:
        label = gettext(e.label)
    css = f"{e.kind} {e.setting or ''}".strip()
    return TimelineView(long_date(e.date), e.date.isoformat(), e.kind, css, label, [zone_name(z, kb) for z in e.zones])
