"""A clinic client stops every message from the link in one of them: no login, the signed token is the key."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

from mesoplan.web.clinic import audit, client_messages
from mesoplan.web.clinic.models import Client


@csrf_exempt  # the signed token is the authority; mail clients' one-click unsubscribe posts without a form
def messages_stop(request: HttpRequest, token: str) -> HttpResponse:
    client_id = client_messages.read_stop_token(token)
    client = Client.objects.select_related("organisation").filter(pk=client_id).first() if client_id else None
    if client is None:
        return render(request, "clinic/messages_stop.html", {"invalid": True}, status=404)
    context = {"clinic": client.organisation.name}
    with client_messages.speaking(client_messages.language_of(client)):  # the page speaks as the messages did
        if request.method == "POST":
            if not client.messages_opt_out:
                client_messages.opt_out(client)
                audit.record(None, "change", client=client, detail="details: messages_opt_out")
            return render(request, "clinic/messages_stop.html", {**context, "done": True})
        return render(request, "clinic/messages_stop.html", {**context, "token": token})
