"""Changing a client's basic details, and taking their intake (the self-check's form, in the clinic)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from mesoplan.errors import IntakeError
from mesoplan.web.clinic import audit, clients
from mesoplan.web.clinic.forms.clients import ClientForm
from mesoplan.web.clinic.views.common import client_for
from mesoplan.web.front.errors import full_message
from mesoplan.web.selfcheck import intake_page


@login_required
def client_edit(request: HttpRequest, pk: int) -> HttpResponse:
    client = client_for(request, pk, "edit_client", page="details")
    form = ClientForm(request.POST or None, instance=client)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            audit.record(request.user, "change", client=client, detail="details: " + ", ".join(form.changed_data))
        messages.success(request, _("Saved."))
        return redirect("clinic:client_detail", pk=client.pk)
    return render(request, "clinic/form.html", {"form": form, "title": _("Change %(name)s") % {"name": client.name},
                                                "client": client})


@login_required
def client_intake(request: HttpRequest, pk: int) -> HttpResponse:
    client = client_for(request, pk, "edit_intake", page="intake")
    initial = client.intake or {"setting": "clinic", "start": timezone.localdate().isoformat()}
    outcome = intake_page.handle(request, initial, {
        "template": "clinic/intake_form.html", "client": client,
        "page_title": _("Intake of %(name)s") % {"name": client.name}, "submit_label": _("Save and screen")})
    if outcome.intake is None:
        assert outcome.response is not None
        return outcome.response
    try:
        clients.set_intake(client, outcome.intake, request.user, timezone.now())
    except IntakeError as error:  # checked by the form page already; a race with a knowledge change
        messages.error(request, full_message(error))
    else:
        messages.success(request, _("Intake saved and screened."))
    return redirect("clinic:client_detail", pk=client.pk)
