"""The answer to the visitor's last self-check: the verdict first, then why."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from mesoplan.errors import IntakeError
from mesoplan.web.selfcheck import answer, session_store
from mesoplan.web.selfcheck.forms import SaveCheckForm


def show(request: HttpRequest) -> HttpResponse:
    data = session_store.recall(request)
    if data is None:
        return redirect("selfcheck:form")
    try:
        context = answer.answer_context(data, timezone.localdate())
    except IntakeError:
        messages.error(request, _("Your last answers could not be read any more; please fill in the form again."))
        return redirect("selfcheck:form")
    context |= {"save_form": SaveCheckForm(), "downloads": {
        "ical": "selfcheck:download_ics", "pdf": "selfcheck:download_pdf"}, "edit_url": "selfcheck:form"}
    return render(request, "selfcheck/answer.html", context)
