"""Signing up or logging in from an answer keeps that answer: the visitor's check is saved to the
new session's account, and the person lands on it (their saved plan), not on an empty diary."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from mesoplan.errors import IntakeError
from mesoplan.web.records.models import SavedCheck
from mesoplan.web.selfcheck import saving, session_store


def from_answer(request: HttpRequest) -> bool:
    """Whether the form was opened from the answer page (its links carry `next=/check/answer/`)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    return target == reverse("selfcheck:answer")


def keep(request: HttpRequest, user: Any) -> SavedCheck | None:
    """Save the visitor's last check for `user` (once: the same answers already saved are not saved
    again); None when there is nothing to keep or it no longer reads."""
    data = session_store.recall(request)
    if data is None:
        return None
    latest: SavedCheck | None = SavedCheck.objects.owned_by(user).first()
    if latest is not None and latest.intake == data:
        return latest
    try:
        return saving.create(user, gettext("My self-check"), data, timezone.localdate())
    except IntakeError:
        return None
