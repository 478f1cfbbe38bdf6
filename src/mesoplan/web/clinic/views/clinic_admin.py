"""Running a clinic: starting one, its members and roles, its locations, its consent texts."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mesoplan.web.clinic import access, audit, consent
from mesoplan.web.clinic.forms.clinic_admin import LocationForm, MemberForm, OrganisationForm
from mesoplan.web.clinic.forms.consent import ConsentTextForm
from mesoplan.web.clinic.models import Membership, Organisation
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


def _settings_page(request: HttpRequest, organisation: Organisation, **bound: Any) -> HttpResponse:
    texts = organisation.consent_texts.order_by("procedure", "-version")
    return render(request, "clinic/settings.html", {
        "organisation": organisation,
        "members": organisation.memberships.select_related("user").order_by("role", "user__username"),
        "locations": organisation.locations.all(), "texts": texts,
        "member_form": bound.get("member_form") or MemberForm(),
        "location_form": bound.get("location_form") or LocationForm(),
        "text_form": bound.get("text_form") or ConsentTextForm(),
    })


@login_required
def clinic_settings(request: HttpRequest, pk: int) -> HttpResponse:
    return _settings_page(request, organisation_for(request, pk, "manage_clinic"))


@require_POST
@login_required
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = organisation_for(request, pk, "manage_clinic")
    form = MemberForm(request.POST)
    if form.is_valid():
        user, role = form.cleaned_data["username"], form.cleaned_data["role"]
        try:
            with transaction.atomic():
                Membership.objects.create(user=user, organisation=organisation, role=role)
                audit.record(request.user, "change", organisation=organisation, detail=f"member {user} as {role}")
        except IntegrityError:
            form.add_error("username", _("This person is already a member: remove them first to change the role."))
        else:
            messages.success(request, _("Member added."))
            return redirect("clinic:settings", pk=organisation.pk)
    return _settings_page(request, organisation, member_form=form)


@require_POST
@login_required
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = access.member_or_404(request.user, Membership, pk)
    organisation = organisation_for(request, membership.organisation_id, "manage_clinic")
    admins = organisation.memberships.filter(role=ADMIN)
    if membership.role == ADMIN and admins.count() == 1:
        messages.error(request, _("A clinic keeps at least one admin."))
    else:
        with transaction.atomic():
            membership.delete()
            audit.record(request.user, "change", organisation=organisation, detail=f"member {membership.user} removed")
        messages.success(request, _("Member removed."))
    return redirect("clinic:settings", pk=organisation.pk)


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
    return _settings_page(request, organisation, location_form=form)


@require_POST
@login_required
def consent_publish(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = organisation_for(request, pk, "manage_clinic")
    form = ConsentTextForm(request.POST)
    if form.is_valid():
        text = consent.publish(organisation, form.cleaned_data["procedure"], form.cleaned_data["text"], request.user)
        messages.success(request, _("Version %(version)d published.") % {"version": text.version})
        return redirect("clinic:settings", pk=organisation.pk)
    return _settings_page(request, organisation, text_form=form)
