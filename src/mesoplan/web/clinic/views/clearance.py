"""Recording who cleared a `consult` client, and closing a red flag: the two records that let the gate
allow a session it held back."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from mesoplan.core.gate import Finding, consult_reasons
from mesoplan.errors import IntakeError
from mesoplan.web.clinic import access, audit, snapshot
from mesoplan.web.clinic.clients import display_name
from mesoplan.web.clinic.forms.clearance import ClearanceForm, FlagForm
from mesoplan.web.clinic.models import Client, ClinicReaction
from mesoplan.web.clinic.views.common import client_for, signed_in
from mesoplan.web.front import gate_view


def consult_findings(client: Client) -> list[Finding]:
    """The client's consult reasons now (the intake as taken, the clinic's policy): what a clearance covers."""
    made, _version = snapshot.plan_of(client.intake, client.organisation_id, client.intake_taken_on,
                                      client.protocol)
    return [Finding("clearance", "consult", r.message_id, r.params, r.sources, r.zones, r.until, r.rule, r)
            for r in consult_reasons(made.screening)]


@login_required
def clearance_new(request: HttpRequest, pk: int) -> HttpResponse:
    client = client_for(request, pk, "clear", page="clearance form")
    try:
        findings = consult_findings(client) if client.intake else []
    except IntakeError:
        findings = []
    if not findings:
        messages.info(request, _("The screening asks for no clearance for this client."))
        return redirect("clinic:client_detail", pk=client.pk)
    form = ClearanceForm(request.POST or None, initial={"cleared_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            clearance = form.save(commit=False)
            clearance.client, clearance.rules = client, sorted({f.rule for f in findings})
            clearance.recorded_by, clearance.recorded_by_name = request.user, display_name(request.user)
            clearance.save()
            audit.record(request.user, "clear", client=client,
                         detail=f"cleared by {clearance.cleared_by} on {clearance.cleared_on.isoformat()}")
        messages.success(request, _("Clearance recorded. Sessions that needed it can now be signed."))
        return redirect("clinic:client_detail", pk=client.pk)
    return render(request, "clinic/clearance_form.html", {
        "client": client, "form": form, "findings": gate_view.finding_views(findings),
        "title": _("Record a clearance")})


@login_required
def flag_update(request: HttpRequest, pk: int) -> HttpResponse:
    reaction = access.member_or_404(request.user, ClinicReaction, pk)
    client = reaction.client
    access.for_request(request, client.organisation_id).require("log_reaction")
    form = FlagForm(request.POST or None, initial={"seen_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        step = form.cleaned_data["step"]
        with transaction.atomic():
            reaction.flag_status, reaction.flag_note = step, form.cleaned_data["note"]
            reaction.flag_seen_on = form.cleaned_data.get("seen_on") or reaction.flag_seen_on
            if step == "resolved":
                reaction.flag_closed_by, reaction.flag_closed_at = signed_in(request), timezone.now()
            reaction.save(update_fields=["flag_status", "flag_note", "flag_seen_on", "flag_closed_by",
                                         "flag_closed_at"])
            audit.record(request.user, "flag", client=client, detail=f"red flag {reaction.symptom}: {step}")
        messages.success(request, _("Red flag updated."))
        return redirect("clinic:client_detail", pk=client.pk)
    return render(request, "clinic/form.html", {"form": form, "client": client,
                                                "title": _("Update the red flag of %(day)s") % {
                                                    "day": reaction.date.isoformat()}})
