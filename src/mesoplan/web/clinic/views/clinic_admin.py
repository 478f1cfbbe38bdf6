"""Running a clinic: starting one, its members and roles, its locations, its consent texts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mesoplan.web.clinic import audit, consent, invitations
from mesoplan.web.clinic.forms.clinic_admin import LocationForm, OrganisationForm
from mesoplan.web.clinic.forms.consent import ConsentTextForm
from mesoplan.web.clinic.forms.staff import InviteForm
from mesoplan.web.clinic.models import Invitation, Membership, Organisation
from mesoplan.web.clinic.models.organisation import ADMIN
from mesoplan.web.clinic.views.common import organisation_for, signed_in


@login_required
def clinic_new(request: HttpRequest) -> HttpResponse:
    """Anyone with an account can start a clinic, and is its first admin."""
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            organisation = form.save()
            Membership.objects.create(user=signed_in(request), organisation=organisation, role=ADMIN)
            audit.record(request.user, "create", organisation=organisation, detail="clinic")
        messages.success(request, _("Clinic created. Add its members, locations and consent texts."))
        return redirect("clinic:settings", pk=organisation.pk)
    return render(request, "clinic/form.html", {"form": form, "title": _("Start a clinic")})


def settings_page(request: HttpRequest, organisation: Organisation, **bound: Any) -> HttpResponse:
    texts = organisation.consent_texts.order_by("procedure", "-version")
    members = organisation.memberships.select_related("user", "user__staff_profile").order_by("role", "user__username")
    since = timezone.now() - timedelta(days=invitations.INVITATION_DAYS)
    pending = Invitation.objects.filter(organisation=organisation, accepted_at__isnull=True, created_at__gte=since)
    return render(request, "clinic/settings.html", {
        "organisation": organisation,
        "members": members,
        "invitations": [(row, request.build_absolute_uri(reverse("clinic:invitation",
                                                                 args=[invitations.token_of(row)])))
                        for row in pending],
        "invite_form": bound.get("invite_form") or InviteForm(),
        "locations": organisation.locations.all(), "texts": texts,
        "location_form": bound.get("location_form") or LocationForm(),
        "text_form": bound.get("text_form") or ConsentTextForm(),
    })


@login_required
def clinic_settings(request: HttpRequest, pk: int) -> HttpResponse:
    return settings_page(request, organisation_for(request, pk, "manage_clinic"))


@require_POST
@login_required
def location_add(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = organisation_for(request, pk, "manage_clinic")
    form = LocationForm(request.POST, instance=None)
    if form.is_valid():
        if organisation.locations.filter(name=form.cleaned_data["name"]).exists():
            form.add_error("name", _("The clinic already has a location of this name."))
        else:
            with transaction.atomic():
                location = form.save(commit=False)
                location.organisation = organisation
                location.save()
                audit.record(request.user, "change", organisation=organisation, detail=f"location {location.name}")
            messages.success(request, _("Location added."))
            return redirect("clinic:settings", pk=organisation.pk)
    return settings_page(request, organisation, location_form=form)


@require_POST
@login_required
def consent_publish(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = organisation_for(request, pk, "manage_clinic")
    form = ConsentTextForm(request.POST)
    if form.is_valid():
        text = consent.publish(organisation, form.cleaned_data["procedure"], form.cleaned_data["text"], request.user)
        messages.success(request, _("Version %(version)d published.") % {"version": text.version})
        return redirect("clinic:settings", pk=organisation.pk)
    return settings_page(request, organisation, text_form=form)
