"""A reaction the client reports to the clinic (at a follow-up, by phone): it reaches the dashboard's
red flags through the core's review."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from mesoplan.web.clinic import audit
from mesoplan.web.clinic.forms.sessions import ReactionForm
from mesoplan.web.clinic.views.common import client_for


@login_required
def reaction_new(request: HttpRequest, pk: int) -> HttpResponse:
    client = client_for(request, pk, "log_reaction", page="reaction form")
    latest = client.sessions.first()
    form = ReactionForm(request.POST or None, client=client,
                        initial={"date": timezone.localdate(), "session": latest.pk if latest else None})
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            reaction = form.save(commit=False)
            reaction.client, reaction.logged_by = client, request.user
            reaction.save()
            audit.record(request.user, "create", client=client, detail=f"reaction {reaction.symptom}")
        messages.success(request, _("Reaction logged."))
        return redirect("clinic:client_detail", pk=client.pk)
    return render(request, "clinic/form.html", {"form": form, "title": _("Log a reaction"), "client": client})
