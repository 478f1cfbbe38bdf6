"""Save the visitor's last check, re-screen a saved one, delete one (all POST)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mesoplan.errors import IntakeError
from mesoplan.web.records.access import owned_or_404
from mesoplan.web.records.models import SavedCheck
from mesoplan.web.selfcheck import answer, saving, session_store
from mesoplan.web.selfcheck.forms import SaveCheckForm
from mesoplan.web.selfcheck.views.answer import DOWNLOADS


@require_POST
@login_required
def save(request: HttpRequest) -> HttpResponse:
    data = session_store.recall(request)
    if data is None:
        return redirect("selfcheck:form")
    form = SaveCheckForm(request.POST)
    if form.is_valid():
        try:
            check = saving.create(request.user, form.cleaned_data["title"], data, timezone.localdate())
        except IntakeError:
            messages.error(request, _("Your last answers could not be read any more; please fill in the form again."))
            return redirect("selfcheck:form")
        messages.success(request, _("Saved."))
        return redirect("selfcheck:saved_detail", pk=check.pk)
    context = answer.answer_context(data, timezone.localdate())
    context |= {"save_form": form, "downloads": DOWNLOADS, "edit_url": "selfcheck:form"}
    return render(request, "selfcheck/answer.html", context)


@require_POST
@login_required
def rescreen(request: HttpRequest, pk: int) -> HttpResponse:
    check = owned_or_404(SavedCheck, request.user, pk)
    try:
        saving.record(check, timezone.localdate())
    except IntakeError:
        messages.error(request, _("These answers cannot be read with the current knowledge base: change them."))
    else:
        messages.success(request, _("Screened again."))
    return redirect("selfcheck:saved_detail", pk=check.pk)


@require_POST
@login_required
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    check = owned_or_404(SavedCheck, request.user, pk)
    check.delete()
    messages.success(request, _("Deleted."))
    return redirect("selfcheck:saved_list")
