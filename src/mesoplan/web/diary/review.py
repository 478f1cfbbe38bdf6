"""One person's diary → the alerts and the timeline, as `mesoplan.core.tracking` finds them.

Alerts come only from `tracking.review`; this module loads the rows, maps them
to core values, and translates what the core says for the page.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any, cast

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mesoplan import i18n, services
from mesoplan.core import tracking
from mesoplan.core.knowledge import Knowledge
from mesoplan.errors import IntakeError
from mesoplan.web.diary import hooks
from mesoplan.web.front.display import SourceRef, long_date, source_refs, zone_name
from mesoplan.web.records import mapping
from mesoplan.web.records.models import SavedPlan

ALERT_TITLES = {
    "red_flag": _("See a doctor now"),
    "reaction_prolonged": _("A reaction is lasting longer than usual"),
    "session_too_soon": _("Too soon after the last session"),
    "session_due": _("Your next session"),
    "device_worn": _("Replace your device"),
    "single_use_reused": _("A single-use device was used again"),
    "device_not_sanitised": _("Clean your device"),
}
ALERT_CSS = {"urgent": "danger", "warning": "warning", "info": "info"}


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


@dataclass(frozen=True)
class DiaryReview:
    alerts: list[AlertView]
    timeline: list[TimelineView]
    problem: str = ""  # the core refused the diary (should not happen: the forms check first)


def latest_plan(user: Any) -> SavedPlan | None:
    return SavedPlan.objects.owned_by(user).first()


def alert_text(alert: tracking.Alert) -> str:
    """An alert's message, translated, with its values (knowledge texts translated too)."""
    # Knowledge texts among the values (symptom names, advice) are message ids too.
    params = {k: gettext(v) if isinstance(v, str) else i18n.localized(v) for k, v in alert.params.items()}
    params.setdefault("date", i18n.long_date(alert.date))
    translated: tracking.Alert = replace(cast(Any, alert), params=params)
    return translated.render(gettext(alert.message_id))


def alert_view(a: tracking.Alert, kb: Knowledge) -> AlertView:
    """One alert as the pages show it."""
    return AlertView(a.kind, a.level, ALERT_CSS.get(a.level, "warning"), str(ALERT_TITLES.get(a.kind, a.kind)),
                     alert_text(a), long_date(a.date), source_refs(a.sources, kb))


def timeline_view(e: tracking.TimelineEntry, kb: Knowledge) -> TimelineView:
    """One timeline entry as the pages show it."""
    if e.kind == "reaction":
        effect = kb.side_effects.get(e.label)
        label = gettext(effect.name) if effect else e.label
    else:
        label = gettext(e.label)
    css = f"{e.kind} {e.setting or ''}".strip()
    return TimelineView(long_date(e.date), e.date.isoformat(), e.kind, css, label, [zone_name(z, kb) for z in e.zones])


def review(user: Any, today: date) -> DiaryReview:
    """The alerts (urgent first) and the timeline of one person's diary, with the sessions other
    apps keep for them (a clinic's signed sessions, through `hooks`)."""
    kb = services.knowledge()
    sessions, devices, reactions = mapping.diary_values(user)
    sessions += hooks.linked_sessions(user)
    planned = mapping.planned_sessions(latest_plan(user))
    try:
        alerts = tracking.review(sessions, devices, reactions, kb, today, planned=[p[0] for p in planned])
        entries = tracking.timeline(sessions, reactions, planned=planned)
    except IntakeError as error:
        return DiaryReview([], [], problem=str(error))
    return DiaryReview([alert_view(a, kb) for a in alerts], [timeline_view(e, kb) for e in entries])
