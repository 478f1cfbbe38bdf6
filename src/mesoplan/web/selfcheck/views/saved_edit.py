"""Change the answers of a saved check; saving screens it again and shows what changed."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from mesoplan.web.records.access import owned_or_404
from mesoplan.web.records.models import SavedCheck
from mesoplan.web.selfcheck import intake_page, saving


@login_required
def saved_edit(request: HttpRequest, pk: int) -> HttpResponse:
    check = owned_or_404(SavedCheck, request.user, pk)
    outcome = intake_page.handle(request, check.intake, {
        "page_title": _("Change “%(title)s”") % {"title": check.title}, "submit_label": _("Save and screen again")})
    if outcome.intake is not None:
        saving.update(check, outcome.intake, timezone.localdate())
        return redirect("selfcheck:saved_detail", pk=check.pk)
    assert outcome.response is not None
    return outcome.response
