"""Staff by invitation: an admin invites an email address with a role; the person follows the link,
sets up their account (or joins with the one they are logged in with), and becomes a member.

The link's token is signed (`django.core.signing`, with the invitation's id and a random nonce),
expires after `INVITATION_DAYS`, and works once. Inviting never looks the address up among the
accounts, so the admin's page says the same whether it has one or not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from mesoplan.web.clinic import audit
from mesoplan.web.clinic.models import Invitation, Membership, Organisation, StaffProfile

INVITATION_DAYS = 7
SALT = "mesoplan.clinic.invitation"


class InvitationInvalidError(Exception):
    """The link does not read, has expired, or was used: one answer for all three."""


@dataclass(frozen=True)
class Profile:
    full_name: str
    title: str = ""
    registration_number: str = ""


def invite(organisation: Organisation, email: str, role: str, by: Any) -> tuple[Invitation, str]:
    """Record an invitation and return it with its token (for the link shown and emailed)."""
    with transaction.atomic():
        row = Invitation.objects.create(organisation=organisation, email=email, role=role, invited_by=by)
        audit.record(by, "change", organisation=organisation, detail=f"invitation {row.pk} as {role}")
    return row, token_of(row)


def token_of(row: Invitation) -> str:
    return signing.dumps({"i": row.pk, "n": row.nonce}, salt=SALT)


def send(row: Invitation, link: str) -> None:
    """Email the link through Django's mail backend (SMTP when configured)."""
    body = _("You are invited to join %(clinic)s on mesoplan as %(role)s.\n\n"
             "Open this link to set up your account or join with the one you have:\n%(link)s\n\n"
             "The link works once and expires in %(days)d days.") % {
        "clinic": row.organisation.name, "role": row.get_role_display(), "link": link, "days": INVITATION_DAYS}
    send_mail(_("Join %(clinic)s on mesoplan") % {"clinic": row.organisation.name}, body,
              settings.DEFAULT_FROM_EMAIL, [row.email])


def open_invitation(token: str) -> Invitation:
    """The invitation a token names, if it is still valid. Raises `InvitationInvalidError`."""
    try:
        data = signing.loads(token, salt=SALT, max_age=timedelta(days=INVITATION_DAYS))
    except signing.BadSignature as error:  # includes an expired signature
        raise InvitationInvalidError from error
    row = Invitation.objects.filter(pk=data.get("i"), nonce=data.get("n"), accepted_at__isnull=True).first()
    if row is None:
        raise InvitationInvalidError
    return row


def accept(token: str, user: Any, profile: Profile, now: datetime) -> Membership:
    """Make the user a member with the invitation's role, keep their name and credentials, and spend
    the invitation. An existing member keeps their membership (and role); the invitation is spent.

    Raises:
        InvitationInvalidError: the link is not valid (any more).
    """
    with transaction.atomic():
        row = open_invitation(token)
        if Invitation.objects.filter(pk=row.pk, accepted_at__isnull=True).update(accepted_at=now,
                                                                                 accepted_by=user) != 1:
            raise InvitationInvalidError  # spent by a second tab at the same moment
        StaffProfile.objects.update_or_create(user=user, defaults={
            "full_name": profile.full_name, "title": profile.title,
            "registration_number": profile.registration_number})
        try:
            with transaction.atomic():
                membership = Membership.objects.create(user=user, organisation=row.organisation, role=row.role)
        except IntegrityError:
            membership = Membership.objects.get(user=user, organisation=row.organisation)
        audit.record(user, "change", organisation=row.organisation,
                     detail=f"invitation {row.pk} accepted by {user.get_username()} as {membership.role}")
    return membership
