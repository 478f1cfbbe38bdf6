"""The clinic's front page: who is due this week, open red flags, and whose answer changed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mesoplan.web.clinic import access, audit, dashboard_data, rescreen
from mesoplan.web.clinic.models import Client
from mesoplan.web.clinic.present import alert_view, badge, planned_view
from mesoplan.web.clinic.views.common import client_for, organisation_for


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    organisations = access.organisations_of(user)
    if not organisations.exists():
        # A client (not staff) comes here from the menu: their own page is the clinic for them.
        if access.own_clients(user).exists():
            return redirect("clinic:me")
        return render(request, "clinic/welcome.html")
    today = timezone.localdate()
    clinical = Client.objects.filter(organisation__in=access.organisations_of(user, access.CLINICAL))
    due = dashboard_data.due_this_week(Client.objects.filter(organisation__in=organisations), today)
    flags = [(f.client, alert_view(f.alert)) for f in dashboard_data.red_flags(clinical, today)]
    changed = [(c, badge(c.previous_verdict), badge(c.verdict)) for c in dashboard_data.changed(clinical)]
    return render(request, "clinic/dashboard.html", {
        "organisations": organisations, "due": [planned_view(e) for e in due], "flags": flags, "changed": changed,
        "clinical": access.organisations_of(user, access.CLINICAL).exists(),
        "admin_of": access.organisations_of(user, access.ADMINS),
    })


@require_POST
@login_required
def rescreen_clinic(request: HttpRequest, pk: int) -> HttpResponse:
    """Screen every client of the clinic again (after a knowledge or policy change)."""
    organisation = organisation_for(request, pk, access.can_manage_clinic)
    report = rescreen.rescreen_all(organisation)
    messages.success(request, _("Screened %(checked)d clients again: %(changed)d changed.") % {
        "checked": report.checked, "changed": report.changed})
    if report.failures:
        messages.warning(request, _("%(n)d intakes could not be read: open those clients and correct them.") % {
            "n": len(report.failures)})
    return redirect("clinic:home")


@require_POST
@login_required
def change_seen(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a client off the "changed" list once someone has looked at the new answer."""
    client = client_for(request, pk, access.can_see_clinical)
    with transaction.atomic():
        Client.objects.filter(pk=client.pk).update(changed_at=None)
        audit.record(request.user, "change", client=client, detail="re-screen change seen")
    return redirect("clinic:home")
