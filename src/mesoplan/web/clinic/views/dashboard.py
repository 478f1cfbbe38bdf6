"""The clinic's front page: who is due this week, open red flags, and whose answer changed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mesoplan.web.clinic import access, audit, calendar_data, dashboard_data, rescreen_jobs, rescreen_present
from mesoplan.web.clinic.models import Client, Organisation
from mesoplan.web.clinic.present import alert_view, badge, planned_view
from mesoplan.web.clinic.views.common import client_for, organisation_for

CHANGED_SHOWN = dashboard_data.CHANGED_SHOWN
# "Due this week" lists the soonest ones, the rest counted: a big clinic books hundreds a week, and the
# calendar (linked beside it) shows them all day by day.
DUE_SHOWN = 40


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    organisations = access.organisations_where(user, "see_dashboard")
    if not organisations.exists():
        # A client (not staff) comes here from the menu: their own page is the clinic for them.
        if access.own_clients(user).exists():
            return redirect("clinic:me")
        return render(request, "clinic/welcome.html")
    today = timezone.localdate()
    clinical_orgs = access.organisations_where(user, "see_clinical")
    # the clinics' ids, read once: every list below joins its rows to theirs (dashboard_data.py)
    clinical, staff = list(clinical_orgs.values_list("pk", flat=True)), list(organisations.values_list("pk", flat=True))
    due_rows, booked_rows = dashboard_data.due_this_week(staff, today), calendar_data.due_bookings(staff, today)
    due, booked = list(due_rows[:DUE_SHOWN]), calendar_data.by_day(booked_rows[:DUE_SHOWN], today, calendar_data.WEEK)
    flags = [(f.client, alert_view(f.alert)) for f in dashboard_data.red_flags(clinical, today)]
    changed_clients = list(dashboard_data.changed(clinical))
    last = rescreen_present.last_changes(changed_clients)
    # with the earliest start before → after where a run recorded it: a wait whose date moved shows so
    changed = [(c, badge(c.previous_verdict), badge(c.verdict), last.get(c.pk)) for c in changed_clients]
    return render(request, "clinic/dashboard.html", {
        "organisations": organisations, "due": [planned_view(e) for e in due],
        # counted whatever the week holds: the page reads as much for a quiet week as for a busy one
        "due_more": due_rows.count() - len(due),
        "booked": [d for d in booked if d.appointments],
        "booked_more": booked_rows.count() - sum(len(d.appointments) for d in booked),
        "too_early": list(calendar_data.before_earliest_start(clinical, timezone.now())[:CHANGED_SHOWN]),
        "flags": flags, "changed": changed,
        "clinical": bool(clinical),
        "admin_of": access.organisations_where(user, "manage_clinic"),
        "recall_of": clinical_orgs,
        "reports_of": {o.pk for o in access.organisations_where(user, "export_reports")},
        "runs": rescreen_present.latest_runs(clinical_orgs),
    })


@require_POST
@login_required
def rescreen_clinic(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue a re-screen of every client of the clinic (after a knowledge or policy change); the worker
    runs it, and the dashboard shows its progress and then what changed."""
    organisation = organisation_for(request, pk, "manage_clinic")
    rescreen_jobs.queue_rescreen(organisation, request.user)
    messages.success(request, _("The re-screen of %(name)s is queued: its progress shows below.") % {
        "name": organisation.name})
    return redirect("clinic:home")


@require_GET
@login_required
def rescreen_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The clinic's last re-screen, as the dashboard shows it (the page asks again while it runs)."""
    organisation = organisation_for(request, pk, "see_clinical")
    runs = rescreen_present.latest_runs(Organisation.objects.filter(pk=organisation.pk))
    if not runs:
        return HttpResponse("")
    response = render(request, "clinic/_rescreen_run.html", {"view": runs[0]})
    if runs[0].run.finished and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"  # the whole dashboard again: the "changed" list has moved too
    return response


@require_POST
@login_required
def change_seen(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a client off the "changed" list once someone has looked at the new answer."""
    client = client_for(request, pk, "see_clinical")
    with transaction.atomic():
        Client.objects.filter(pk=client.pk).update(changed_at=None)
        audit.record(request.user, "change", client=client, detail="re-screen change seen")
    return redirect("clinic:home")
