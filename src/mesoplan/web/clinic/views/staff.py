"""Staff: inviting by email, the invitee's page, a member's own profile, and removing a member
after a confirmation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mesoplan.web.clinic import access, audit, invitations
from mesoplan.web.clinic.forms.staff import InviteForm, JoinForm, NewAccountForm, ProfileFields
from mesoplan.web.clinic.models import Membership, StaffProfile
from mesoplan.web.clinic.models.organisation import ADMIN
from mesoplan.web.clinic.views.clinic_admin import settings_page
from mesoplan.web.clinic.views.common import organisation_for, signed_in


@require_POST
@login_required
def member_invite(request: HttpRequest, pk: int) -> HttpResponse:
    """The same answer whatever the address: it is never looked up among the accounts."""
    organisation = organisation_for(request, pk, "manage_clinic")
    form = InviteForm(request.POST)
    if not form.is_valid():
        return settings_page(request, organisation, invite_form=form)
    row, token = invitations.invite(organisation, form.cleaned_data["email"], form.cleaned_data["role"], request.user)
    invitations.send(row, request.build_absolute_uri(reverse("clinic:invitation", args=[token])))
    messages.success(request, _("Invitation sent to %(email)s. Its link is below to copy, too.") % {
        "email": row.email})
    return redirect(f"{reverse('clinic:settings', args=[organisation.pk])}#invitations")


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The invitee's page, with or without an account: set one up, or join with the one logged in."""
    try:
        row = invitations.open_invitation(token)
    except invitations.InvitationInvalidError:
        return render(request, "clinic/invitation.html", {"invalid": True, "public_page": True}, status=410)
    user = request.user if request.user.is_authenticated else None
    data = request.POST if request.method == "POST" else None
    form: ProfileFields = (JoinForm(data, initial=ProfileFields.initial_of(user)) if user is not None
                           else NewAccountForm(data))
    if data is not None and form.is_valid():
        try:
            with transaction.atomic():
                if isinstance(form, NewAccountForm):
                    user = form.save(commit=False)
                    user.email = row.email
                    user.save()
                invitations.accept(token, user, form.profile(), timezone.now())
        except invitations.InvitationInvalidError:
            return render(request, "clinic/invitation.html", {"invalid": True, "public_page": True}, status=410)
        if not request.user.is_authenticated:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to %(clinic)s.") % {"clinic": row.organisation.name})
        return redirect("clinic:home")
    return render(request, "clinic/invitation.html", {"invitation": row, "form": form, "joining": user is not None,
                                                        "public_page": True})


@login_required
def staff_profile(request: HttpRequest) -> HttpResponse:
    """A member's full name and credentials, shown on what they chart, sign and amend from now on."""
    user = signed_in(request)
    form = JoinForm(request.POST or None, initial=ProfileFields.initial_of(user))
    if request.method == "POST" and form.is_valid():
        profile = form.profile()
        StaffProfile.objects.update_or_create(user=user, defaults={
            "full_name": profile.full_name, "title": profile.title, "registration_number": profile.registration_number})
        messages.success(request, _("Profile saved."))
        return redirect("clinic:home")
    return render(request, "clinic/form.html", {"form": form, "title": _("Your name and credentials")})


@login_required
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for a confirmation; POST removes. A clinic keeps at least one admin."""
    membership = access.member_or_404(request.user, Membership, pk)
    organisation = organisation_for(request, membership.organisation_id, "manage_clinic")
    if request.method != "POST":
        return render(request, "clinic/member_remove.html", {"membership": membership, "organisation": organisation})
    if membership.role == ADMIN and organisation.memberships.filter(role=ADMIN).count() == 1:
        messages.error(request, _("A clinic keeps at least one admin."))
    else:
        with transaction.atomic():
            membership.delete()
            audit.record(request.user, "change", organisation=organisation, detail=f"member {membership.user} removed")
        messages.success(request, _("Member removed."))
    return redirect("clinic:settings", pk=organisation.pk)
