"""Recording who cleared a `consult` client, and closing a red flag: the two records that let the gate
allow a session it held back."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
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
from mesoplan.web.records import flags
from mesoplan.web.records.models import FLAG_BY_MAX, Reaction


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


def _linked_client_of(request: HttpRequest, reaction: Reaction) -> Client:
    """The clinic's client whose own account logged `reaction` at home, if their role allows logging
    reactions (403 otherwise); 404 for anyone else (another clinic, an account no client of theirs linked)."""
    linked = access.for_member(request.user, Client).filter(user_id=reaction.owner_id).order_by("pk")
    allowed = linked.filter(organisation__in=access.organisations_where(request.user, "log_reaction")).first()
    if allowed is not None:
        return allowed
    if not linked.exists():
        raise Http404
    raise PermissionDenied  # a member of the client's clinic whose role does not log reactions


@login_required
def home_flag_update(request: HttpRequest, pk: int) -> HttpResponse:
    """A red flag a linked client logged in their home diary, seen or closed by the clinic: the same two
    steps as the clinic's own flags (decisions item 1), stored on the client's diary entry."""
    if not 0 < pk <= access.MAX_ID:
        raise Http404
    reaction = Reaction.objects.filter(pk=pk).first()
    if reaction is None or reaction.flag_status == "resolved" or not flags.is_flag(reaction):
        raise Http404
    client = _linked_client_of(request, reaction)
    form = FlagForm(request.POST or None, initial={"seen_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        step, note = form.cleaned_data["step"], form.cleaned_data["note"]
        with transaction.atomic():
            if step == "seen":
                flags.record_seen(reaction, form.cleaned_data["seen_on"], note)
            else:
                flags.record_resolved(reaction, timezone.localdate(), display_name(request.user)[:FLAG_BY_MAX], note)
            audit.record(request.user, "flag", client=client, detail=f"home red flag {reaction.symptom}: {step}")
        messages.success(request, _("Red flag updated."))
        return redirect("clinic:client_detail", pk=client.pk)
    return render(request, "clinic/form.html", {"form": form, "client": client,
                                                "title": _("Update the red flag of %(day)s") % {
                                                    "day": reaction.date.isoformat()}})
