"""The answer to the visitor's last self-check: the verdict first, then the plan at a glance and why;
and the plan's own page, day by day."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from mesoplan.errors import IntakeError
from mesoplan.web.selfcheck import answer, session_store
from mesoplan.web.selfcheck.forms import SaveCheckForm

DOWNLOADS = {"ical": "selfcheck:download_ics", "pdf": "selfcheck:download_pdf", "plan": "selfcheck:answer_plan"}
Build = Callable[[Mapping[str, Any], date], dict[str, Any]]


def _context(request: HttpRequest, build: Build) -> dict[str, Any] | None:
    """The page's context from the visitor's last answers; None (with a message) when they no longer read."""
    data = session_store.recall(request)
    if data is None:
        return None
    try:
        return build(data, timezone.localdate())
    except IntakeError:
        messages.error(request, _("Your last answers could not be read any more; please fill in the form again."))
        return None


def show(request: HttpRequest) -> HttpResponse:
    context = _context(request, answer.answer_context)
    if context is None:
        return redirect("selfcheck:form")
    context |= {"save_form": SaveCheckForm(), "downloads": DOWNLOADS, "edit_url": "selfcheck:form"}
    return render(request, "selfcheck/answer.html", context)


def plan(request: HttpRequest) -> HttpResponse:
    """The whole plan of the last answer, day by day, each day folded."""
    context = _context(request, answer.plan_context)
    if context is None:
        return redirect("selfcheck:form")
    context |= {"downloads": DOWNLOADS, "back": "selfcheck:answer"}
    return render(request, "selfcheck/plan.html", context)
