"""Reactions after a session: an expected one that lasts too long, and red flags.

Days are counted from the session the reaction follows: a reaction on the
session's own day is day 0, the next day is day 1. A diary may log the same
symptom every day; only its latest entry per session raises an alert, so that
one lingering redness is one alert, not one a day.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from types import MappingProxyType

from mesoplan.core.i18n import N_
from mesoplan.core.knowledge import FlagLevel, Knowledge, SideEffect
from mesoplan.core.tracking_diary import Diary, anchor_date
from mesoplan.core.tracking_models import Alert, LoggedReaction

# An expected reaction rated severe: a doctor the same day (a red flag's level comes from the knowledge base).
SEVERE_LEVEL: FlagLevel = "doctor_today"

PROLONGED = N_("{symptom} on day {day} after your session of {session_date} has lasted longer than the usual "
               "{expected_days} days. Skip the next session until it has settled; normal reactions settle "
               "within about a week, so see a doctor if it lasts longer or gets worse.")
# One message per level of urgency (decisions item 1): "call emergency services now" is not "see a doctor today".
RED_FLAG_MESSAGES: Mapping[FlagLevel, str] = MappingProxyType({
    "emergency": N_("Call emergency services now: {symptom}, logged on {date}. {advice}"),
    "doctor_today": N_("See a doctor today: {symptom}, logged on {date}. {advice}"),
    "doctor_soon": N_("See a doctor in the coming days: {symptom}, logged on {date}. {advice}"),
})
RED_FLAG = RED_FLAG_MESSAGES["doctor_today"]
SEVERE_REACTION = N_("See a doctor today: you rated {symptom} as severe ({severity} of 5) on {date}. {advice}")


def is_red_flag(symptom: str, severity: int, knowledge: Knowledge) -> bool:
    """Whether a reaction is a red flag: a symptom the knowledge base names one, or any rated severe
    (thresholds.yaml `severe_reaction`)."""
    return knowledge.side_effects[symptom].kind == "red_flag" or severity >= knowledge.thresholds.severe_rating


def flag_level(effect: SideEffect) -> FlagLevel:
    """How urgent a red flag is: its level in the knowledge base, or `SEVERE_LEVEL` for an expected
    reaction rated severe."""
    return effect.level if effect.level is not None else SEVERE_LEVEL


def reaction_alerts(diary: Diary, knowledge: Knowledge) -> Iterator[Alert]:
    """Red flags (urgent) and expected reactions past their usual course (warning)."""
    latest: dict[tuple[str, str, date | None], Alert] = {}
    for reaction in diary.reactions:  # oldest first: a later entry replaces an earlier one
        session = anchor_date(reaction, diary.session_dates)
        alert = _alert(reaction, session, knowledge)
        if alert is not None:
            latest[(alert.kind, reaction.symptom, session)] = alert
    yield from latest.values()


def _alert(reaction: LoggedReaction, session: date | None, knowledge: Knowledge) -> Alert | None:
    effect = knowledge.side_effects[reaction.symptom]
    day = (reaction.date - session).days if session is not None else None
    params = {"symptom": effect.name, "symptom_id": effect.id, "severity": reaction.severity,
              "day": day, "session_date": session}
    if is_red_flag(reaction.symptom, reaction.severity, knowledge):
        why = "red_flag" if effect.kind == "red_flag" else "severe"
        level = flag_level(effect)
        message = RED_FLAG_MESSAGES[level] if why == "red_flag" else SEVERE_REACTION
        return Alert("red_flag", "urgent", reaction.date, message, effect.sources,
                     {**params, "advice": effect.advice, "why": why, "urgency": level})
    if effect.expected_days is not None and day is not None and day > effect.expected_days:
        return Alert("reaction_prolonged", "warning", reaction.date, PROLONGED, effect.sources,
                     {**params, "expected_days": effect.expected_days})
    return None
