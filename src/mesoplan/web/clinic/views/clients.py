"""The client list (with search) and a new client."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from mesoplan.web.clinic import access, audit, client_search
from mesoplan.web.clinic.forms.clients import ClientForm
from mesoplan.web.clinic.models import Client
from mesoplan.web.clinic.present import badge

PAGE_SIZE = 50
MAX_QUERY = 100


@login_required
def client_list(request: HttpRequest) -> HttpResponse:
    organisations = access.organisations_where(request.user, "see_clients")
    access.require(organisations.exists())
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY].replace("\x00", "")
    # the clinics by id: with one clinic the index on (clinic, name) gives the first page in order, where
    # "clinics of this member" as a subquery sorted a big clinic's every client for each page
    clients = (Client.objects.filter(organisation_id__in=list(organisations.values_list("pk", flat=True)))
               .select_related("organisation"))
    clinical = set(access.organisations_where(request.user, "see_clinical").values_list("pk", flat=True))
    if query:
        clients = client_search.search(clients, query, sorted(clinical))
    page = Paginator(clients, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(c, badge(c.verdict) if c.organisation_id in clinical else None) for c in page]
    return render(request, "clinic/client_list.html", {
        "rows": rows, "page": page, "query": query, "several": organisations.count() > 1, "lots": bool(clinical)})


@login_required
def client_new(request: HttpRequest) -> HttpResponse:
    organisations = access.organisations_where(request.user, "add_client")
    access.require(organisations.exists())
    form = ClientForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            client = form.save()
            audit.record(request.user, "create", client=client, detail="client")
        messages.success(request, _("Client added."))
        return redirect("clinic:client_detail", pk=client.pk)
    return render(request, "clinic/form.html", {"form": form, "title": _("New client"), "cancel": "clinic:clients"})
