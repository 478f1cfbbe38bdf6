"""A client's own pages: the clinics they are linked to, their consents to sign, their clinic sessions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from mesoplan import services
from mesoplan.web.clinic import access, audit, consent
from mesoplan.web.clinic.forms.link import LinkForm
from mesoplan.web.clinic.models import Client
from mesoplan.web.clinic.models.clients import new_link_code
from mesoplan.web.clinic.views.consent import signature_page
from mesoplan.web.front.display import zone_name


@login_required
def me(request: HttpRequest) -> HttpResponse:
    kb = services.knowledge()
    rows = []
    for client in access.own_clients(request.user).select_related("organisation"):
        sessions = [(s, [zone_name(z.zone, kb) for z in s.zones.all()])
                    for s in client.sessions.filter(signed_at__isnull=False).prefetch_related("zones")]
        rows.append((client, consent.statuses(client), consent.history(client), sessions))
    return render(request, "clinic/me.html", {"rows": rows})


@login_required
def me_link(request: HttpRequest) -> HttpResponse:
    form = LinkForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        client = form.cleaned_data["code"]
        try:
            with transaction.atomic():
                # the code is spent: a new one replaces it, for a later re-link
                linked = Client.objects.filter(pk=client.pk, user__isnull=True).update(
                    user=request.user, link_code=new_link_code())
                if linked:
                    audit.record(request.user, "change", client=client, detail="linked by the client's own account")
        except IntegrityError:
            form.add_error("code", _("Your account is already linked to another record of this clinic."))
        else:
            if linked:
                messages.success(request, _("Linked to %(clinic)s.") % {"clinic": client.organisation.name})
                return redirect("clinic:me")
            form.add_error("code", _("This code is not valid. Ask your clinic for it again."))
    return render(request, "clinic/form.html", {"form": form, "title": _("Link your account to your clinic"),
                                                "own_page": True})


@login_required
def me_consent(request: HttpRequest, pk: int, procedure: str) -> HttpResponse:
    client = access.own_clients(request.user).filter(pk=pk).first() if 0 < pk <= access.MAX_ID else None
    if client is None:
        raise Http404
    return signature_page(request, client, procedure, done=reverse("clinic:me"), own_page=True)
