"""The self-check form for a new check."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from mesoplan.web.selfcheck import intake_page, session_store


def start(request: HttpRequest) -> HttpResponse:
    # "Change my answers" comes back here with ?edit and finds the last answers filled in.
    initial = session_store.recall(request) if "edit" in request.GET else None
    outcome = intake_page.handle(request, initial, {"page_title": _("Self-check"),
                                                    "submit_label": _("See my answer")})
    if outcome.intake is not None:
        session_store.remember(request, outcome.intake)
        return redirect("selfcheck:answer")
    assert outcome.response is not None
    return outcome.response
