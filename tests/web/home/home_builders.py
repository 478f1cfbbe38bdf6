"""A home user with a saved plan whose dates are fixed (sessions from Tuesday 12 January 2027)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.test import TestCase
from web_builders import person

from mesoplan.web.accounts.models import save_language
from mesoplan.web.home.models import ReminderChoice
from mesoplan.web.records.models import SavedCheck
from mesoplan.web.selfcheck import saving

FIRST_SESSION = date(2027, 1, 12)
SECOND_SESSION = date(2027, 1, 19)
PAUSE_DAY = date(2027, 1, 5)  # fish oil paused 7 days before


def plan_intake(**fields: Any) -> dict[str, Any]:
    return {"setting": "home", "start": FIRST_SESSION.isoformat(), "zones": ["cheeks", "forehead"],
            "goals": ["texture"], "medications": [{"id": "fish_oil"}], **fields}


def planned(user: User, today: date = date(2027, 1, 4), **fields: Any) -> SavedCheck:
    """A saved check and its plan; the reminders queued on commit are queued here (the test's
    transaction never commits)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return saving.create(user, "My plan", plan_intake(**fields), today)


def reminded(username: str = "ana", language: str = "fr", prep: bool = True, sessions: bool = True) -> User:
    user = person(username)
    save_language(user, language)
    ReminderChoice.objects.create(user=user, prep=prep, sessions=sessions)
    return user
