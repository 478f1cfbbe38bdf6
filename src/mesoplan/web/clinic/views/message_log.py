"""Every message the outbox holds for a client, a page at a time (the client's page shows the newest)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from mesoplan.web.clinic import message_log
from mesoplan.web.clinic.views.common import client_for

PAGE_SIZE = 50


@require_GET
@login_required
def client_messages(request: HttpRequest, pk: int) -> HttpResponse:
    client = client_for(request, pk, "see_messages", page="messages")
    page = Paginator(message_log.messages_of(client), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "clinic/client_messages.html", {
        "client": client, "page": page, "messages_log": [message_log.view(m) for m in page]})
