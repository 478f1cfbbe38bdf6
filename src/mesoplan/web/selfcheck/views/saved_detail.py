"""One saved check: its answer today, and what changed at the last re-screen; and its plan, day by day."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from mesoplan.errors import IntakeError
from mesoplan.web.records.access import owned_or_404
from mesoplan.web.records.models import SavedCheck
from mesoplan.web.selfcheck import answer, changes


def _downloads() -> dict[str, str]:
    return {"ical": "selfcheck:saved_ics", "pdf": "selfcheck:saved_pdf", "plan": "selfcheck:saved_plan"}


@login_required
def saved_detail(request: HttpRequest, pk: int) -> HttpResponse:
    check = owned_or_404(SavedCheck, request.user, pk)
    history = list(check.screenings.all()[:2])
    context: dict[str, object] = {"check": check, "history": history}
    if len(history) == 2:
        context["changes"] = changes.compare(history[1].result, history[0].result)
    try:
        context |= answer.answer_context(check.intake, timezone.localdate())
    except IntakeError:
        messages.error(request, _("These answers cannot be read with the current knowledge base: change them."))
    context |= {"downloads": _downloads(), "download_pk": check.pk}
    return render(request, "selfcheck/saved_detail.html", context)


@login_required
def saved_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """The saved check's whole plan, day by day."""
    check = owned_or_404(SavedCheck, request.user, pk)
    try:
        context = answer.plan_context(check.intake, timezone.localdate())
    except IntakeError:
        messages.error(request, _("These answers cannot be read with the current knowledge base: change them."))
        return redirect("selfcheck:saved_detail", pk=check.pk)
    context |= {"check": check, "downloads": _downloads(), "download_pk": check.pk, "back": "selfcheck:saved_detail"}
    return render(request, "selfcheck/plan.html", context)
