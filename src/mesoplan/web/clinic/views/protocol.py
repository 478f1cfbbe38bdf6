"""Choosing the protocol of a client's course: the protocols the screening allows, with their sources."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from mesoplan import services
from mesoplan.errors import IntakeError
from mesoplan.web.clinic import clients
from mesoplan.web.clinic.views.common import client_for, signed_in
from mesoplan.web.front.display import source_refs
from mesoplan.web.front.errors import full_message


@login_required
def client_protocol(request: HttpRequest, pk: int) -> HttpResponse:
    client = client_for(request, pk, "edit_intake", page="protocol")
    if not client.intake:
        messages.error(request, _("Take the intake first: the protocols follow from it."))
        return redirect("clinic:client_detail", pk=client.pk)
    allowed = clients.protocols_allowed(client)
    ids = {p for p, _title, _sources in allowed}
    problem = ""
    if request.method == "POST":
        chosen = request.POST.get("protocol", "")
        if chosen and chosen not in ids:
            problem = _("Choose one of the protocols listed.")
        else:
            try:
                clients.set_protocol(client, chosen, signed_in(request), timezone.now())
            except IntakeError as error:  # the knowledge changed between the page and the choice
                problem = full_message(error)
            else:
                messages.success(request, _("Protocol saved: the plan is made again with it."))
                return redirect("clinic:client_detail", pk=client.pk)
    kb = services.knowledge()
    return render(request, "clinic/protocol.html", {
        "client": client, "problem": problem, "chosen": client.protocol,
        "protocols": [(p, title, source_refs(codes, kb)) for p, title, codes in allowed]})
