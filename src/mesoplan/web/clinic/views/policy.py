"""The clinic's policy page (admins): its own wash-outs and needle limits within the knowledge base's
bounds, a preview of how many clients a change reaches, and saving it, which starts the re-screen."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from mesoplan import i18n, services
from mesoplan.errors import IntakeError
from mesoplan.web.clinic import audit, policies, policy_page, rescreen_jobs
from mesoplan.web.clinic.forms.policy import PolicyForm
from mesoplan.web.clinic.models import Organisation
from mesoplan.web.clinic.views.common import organisation_for


@login_required
def clinic_policy(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = organisation_for(request, pk, "manage_clinic")
    shipped = services.knowledge()
    in_force, version = policies.knowledge_in_force(organisation.pk)
    form = PolicyForm(policy_page.washout_items(shipped, in_force), policy_page.needle_items(shipped, in_force),
                      policy_page.spacing_items(shipped, in_force), request.POST if request.method == "POST" else None)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = policy_page.policy_from(form.washout_values(), form.needle_values(), shipped,
                                       form.spacing_values())
        try:
            preview = policy_page.reach(organisation, data)
        except IntakeError as error:  # the form checks the same bounds; this is the core's last word
            form.add_error(None, i18n.error_text(_named(error, form), _))
        else:
            if "save" in request.POST:
                return _save(request, organisation, data, version, preview)
    return render(request, "clinic/policy.html", {
        "organisation": organisation, "form": form, "preview": preview, "version": version,
        "washouts": [(item, form[item.field], form[f"{item.field}_unit"]) for item in form.washouts],
        "needles": [(item, form[item.field]) for item in form.needles],
        "spacing": [(item, form[item.field]) for item in form.spacing],
    })


def _named(error: IntakeError, form: PolicyForm) -> IntakeError:
    """The core's error with the row of the page it is about (the wash-out's or the zone's label)."""
    rows = {f"policy.washouts.{w.rule_id}": w.label for w in form.washouts}
    rows.update({f"policy.needle_max.{n.zone_id}.{n.setting}": n.label for n in form.needles})
    rows.update({f"policy.intervals.{i.band}": i.label for i in form.spacing})
    if error.field in rows:
        error.label = (rows[error.field], {})
    return error


def _save(request: HttpRequest, organisation: Organisation, data: dict[str, Any], version: str,
          preview: policy_page.Reach) -> HttpResponse:
    with transaction.atomic():
        row = policies.set_policy(organisation, data, request.user)
        if row.version == version:
            messages.info(request, _("Nothing changed: this is the policy in force."))
            return redirect("clinic:policy", pk=organisation.pk)
        audit.record(request.user, "change", organisation=organisation,
                     detail=f"policy {version or 'shipped'} → {row.version}: {_summary(data)}")
    messages.success(request, _("Policy saved. It reaches %(n)d of %(total)d clients.") % {
        "n": preview.reached, "total": preview.total})
    messages.info(request, _start_rescreen(organisation, request.user))
    return redirect("clinic:policy", pk=organisation.pk)


def _start_rescreen(organisation: Organisation, requested_by: Any) -> str:
    """Queue the re-screen the new policy needs (the worker runs it); returns what to tell the admin."""
    rescreen_jobs.queue_rescreen(organisation, requested_by)
    return _("Re-screen queued: the dashboard shows its progress, then what changed for whom.")


def _summary(data: dict[str, Any]) -> str:
    """The values that differ from the shipped knowledge base, for the audit trail."""
    parts = [f"{rule} {v['amount']} {v['unit']}" for rule, v in data.get("washouts", {}).items()]
    parts += [f"{zone} {setting} {mm:g} mm" for zone, by in data.get("needle_max", {}).items()
              for setting, mm in by.items()]
    parts += [f"needles up to {band} mm {days} days apart" for band, days in data.get("intervals", {}).items()]
    return ", ".join(parts) or "as shipped"
