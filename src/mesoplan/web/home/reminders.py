"""Email reminders of a home user's saved plan, through the outbox (docs/outbox.md).

Opt-in per kind of step: preparation steps (`home.prep`) and sessions (`home.session`). One email
per kind and day, in the person's language, the evening before the day (`MESOPLAN_REMINDER_HOUR`,
18:00 local time); a step whose evening has passed goes at the next look. Whenever the plan, the
choice or the language changes, `requeue` queues the new set: the outbox cancels the reminders it
replaces. Each email has a link to stop that kind of reminder without logging in (a signed token).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from mesoplan import i18n
from mesoplan.application import gate
from mesoplan.application.ports import PersonNow
from mesoplan.core.gate import ProposedSession
from mesoplan.errors import IntakeError
from mesoplan.web.accounts.models import saved_language
from mesoplan.web.front.display import long_date
from mesoplan.web.home import person, plan_steps
from mesoplan.web.home.models import ReminderChoice
from mesoplan.web.outbox import clock
from mesoplan.web.outbox.queueing import Draft, cancel, reschedule

PREP, SESSIONS = "home.prep", "home.session"
KINDS = (PREP, SESSIONS)
CHOICE_FIELD = {PREP: "prep", SESSIONS: "sessions"}
TOKEN_SALT = "mesoplan.home.reminders.unsubscribe"


def recipient(user: Any) -> str:
    return f"user:{user.pk}"


def language_of(user: Any) -> str:
    return saved_language(user) or settings.LANGUAGE_CODE


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Django's translations and mesoplan's own (dates, numbers) in `language` for the block:
    a message is written in its recipient's language, whatever the request's."""
    token = i18n.activate(language)
    try:
        with translation.override(language):
            yield
    finally:
        i18n.deactivate(token)


def unsubscribe_token(user: Any, kind: str) -> str:
    """A token that stops one kind of reminder of one person; it needs no login and never expires."""
    return signing.dumps({"u": user.pk, "k": kind}, salt=TOKEN_SALT, compress=True)


def read_token(token: str) -> tuple[int, str] | None:
    """(user id, kind) of a valid token, else None."""
    try:
        data = signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("k") not in KINDS or not isinstance(data.get("u"), int):
        return None
    return data["u"], data["k"]


def unsubscribe_url(user: Any, kind: str) -> str:
    return settings.MESOPLAN_SITE_URL + reverse("home:unsubscribe", args=[unsubscribe_token(user, kind)])


def chosen_kinds(user: Any) -> list[str]:
    choice = ReminderChoice.objects.filter(user_id=user.pk).first()
    if choice is None:
        return []
    return [kind for kind in KINDS if getattr(choice, CHOICE_FIELD[kind])]


def requeue(user: Any) -> int:
    """Queue the reminders the person chose from their saved plan (and cancel those it replaces);
    how many are queued. Nothing without an email address or a choice."""
    kinds = chosen_kinds(user) if user.email else []
    if not kinds:
        cancel(recipient(user), KINDS, reason="reminders turned off")
        return 0
    language = language_of(user)
    with speaking(language):
        drafts = _drafts(user, kinds, language, clock.today())
    reschedule(recipient(user), KINDS, drafts, user=user)
    return len(drafts)


def _due(day: date) -> datetime:
    hour = int(getattr(settings, "MESOPLAN_REMINDER_HOUR", 18))
    return timezone.make_aware(datetime.combine(day - timedelta(days=1), time(hour)))


def _drafts(user: Any, kinds: list[str], language: str, today: date) -> list[Draft]:
    plan = plan_steps.plan_of(user)
    drafts = []
    who = person.person_now(user)
    for day, steps in plan_steps.by_day(plan_steps.steps(plan)).items():
        if day < today:
            continue
        for kind in kinds:
            chosen = [s for s in steps if (s.is_session if kind == SESSIONS else s.kind == "prep")]
            if kind == SESSIONS:
                chosen = [s for s in chosen if _gate_allows(who, s)]
            if chosen:
                drafts.append(_draft(user, kind, day, chosen, language, plan))
    return drafts


def _gate_allows(who: PersonNow | None, step: plan_steps.Step) -> bool:
    """A session is announced only as the gate allows it now: nothing while a red flag is open, a
    wait runs past its day, or a doctor's clearance is missing (the reminder comes back once
    the diary changes and allows it: `signals`)."""
    if who is None:
        return False
    try:
        answer = gate.answer(who, ProposedSession("plan", step.date, step.zones, step.needle_mm))
    except IntakeError:
        return False
    return not any(f.need in ("block", "clearance") for f in answer.findings)


def _draft(user: Any, kind: str, day: date, steps: list[plan_steps.Step], language: str, plan: Any) -> Draft:
    stop_url = unsubscribe_url(user, kind)
    subject = (gettext("mesoplan: your session on %(day)s") if kind == SESSIONS
               else gettext("mesoplan: to do on %(day)s")) % {"day": long_date(day)}
    body = render_to_string("home/reminder_email.txt", {
        "name": user.first_name or user.get_username(), "day": long_date(day), "steps": steps,
        "is_session": kind == SESSIONS, "stop_url": stop_url,
        "plan_url": settings.MESOPLAN_SITE_URL + reverse("selfcheck:saved_detail", args=[plan.saved_check_id]),
    })
    return Draft(kind=kind, about=day, due_at=_due(day), address=user.email, subject=subject,
                 body=body, language=language,
                 headers={"List-Unsubscribe": f"<{stop_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})


def stop(user_id: int, kind: str) -> None:
    """Turn one kind of reminder off and cancel those still queued."""
    ReminderChoice.objects.filter(user_id=user_id).update(**{CHOICE_FIELD[kind]: False})
    cancel(f"user:{user_id}", [kind], reason="unsubscribed")
