"""Who may do what in a clinic: the one place that decides.

`Access` is one person in one clinic: their role, read once per request (`for_request`),
and `.can(action)` answering from the table `ROLES_FOR`. Every object a page reads is
fetched through the `*_or_404` helpers below, which look only among the organisations the
person belongs to; an object of another clinic is then simply not found (404), and a person
who belongs to the clinic but lacks the role gets 403 (`.require(action)`). A client sees
only their own `Client` rows, through `own_clients`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest

from mesoplan.web.clinic.models import (
    Appointment,
    Client,
    ClinicPhoto,
    ClinicReaction,
    ClinicSession,
    ConsentText,
    Location,
    Membership,
    Organisation,
    PreVisitIntake,
)
from mesoplan.web.clinic.models.organisation import ADMIN, FRONT_DESK, PRACTITIONER

M = TypeVar("M", bound=models.Model)
MAX_ID = 2**63 - 1  # BigAutoField; a larger id would overflow PostgreSQL's bigint

STAFF = frozenset({ADMIN, PRACTITIONER, FRONT_DESK})
CLINICAL = frozenset({ADMIN, PRACTITIONER})
ADMINS = frozenset({ADMIN})

# action → the roles that may do it. Front desk: clients, their basic details and
# consent signatures; practitioners also the clinical record; admins everything.
ROLES_FOR: dict[str, frozenset[str]] = {
    "see_dashboard": STAFF,
    "see_clients": STAFF,
    "add_client": STAFF,
    "edit_client": STAFF,
    "capture_consent": STAFF,
    "see_clinical": CLINICAL,
    "edit_intake": CLINICAL,
    "chart": CLINICAL,
    "sign": CLINICAL,
    "clear": CLINICAL,
    "amend": CLINICAL,
    "log_reaction": CLINICAL,
    "export": CLINICAL,
    "export_reports": ADMINS,  # the clinic's CSV reports for a date range: every client's data at once
    "import": CLINICAL,
    "manage_clinic": ADMINS,
    "see_audit": ADMINS,
    "see_calendar": STAFF,
    "book": STAFF,
    "see_messages": STAFF,
    "send_intake_link": STAFF,
    "review_intake": CLINICAL,
}


def role_in(user: Any, organisation: Organisation | int) -> str | None:
    """The person's role in the clinic, or None (one query)."""
    if not getattr(user, "is_authenticated", False):
        return None
    org_id = organisation if isinstance(organisation, int) else organisation.pk
    return Membership.objects.filter(user=user, organisation_id=org_id).values_list("role", flat=True).first()


@dataclass(frozen=True, slots=True)
class Access:
    """One person in one clinic: the role they hold there (None: not a member), and what it allows."""

    organisation_id: int
    role: str | None

    @classmethod
    def of(cls, user: Any, organisation: Organisation | int) -> Access:
        """Read the person's role in the clinic (one query; in a view, use `for_request`)."""
        org_id = organisation if isinstance(organisation, int) else organisation.pk
        return cls(org_id, role_in(user, org_id))

    def can(self, action: str) -> bool:
        """Whether the role may do `action` (a key of `ROLES_FOR`; an unknown action is a KeyError)."""
        return self.role in ROLES_FOR[action]

    def require(self, action: str) -> None:
        """Raise 403 unless the role may do `action`: for a member whose role does not reach."""
        if not self.can(action):
            raise PermissionDenied


def require(allowed: bool) -> None:
    """Raise 403 unless allowed (a list page for the staff of at least one clinic, say)."""
    if not allowed:
        raise PermissionDenied


_ROLES_READ = "_clinic_access"  # the request attribute that keeps the roles read during the request


def for_request(request: HttpRequest, organisation: Organisation | int) -> Access:
    """The person's access to the clinic, for this request: the role is read once per clinic,
    however many actions a page asks about."""
    org_id = organisation if isinstance(organisation, int) else organisation.pk
    read: dict[int, Access] = request.__dict__.setdefault(_ROLES_READ, {})
    if org_id not in read:
        read[org_id] = Access.of(request.user, org_id)
    return read[org_id]


# -- scoped querysets -------------------------------------------------------------------

def organisations_of(user: Any, roles: frozenset[str] = STAFF) -> models.QuerySet[Organisation]:
    """The clinics where the person holds one of `roles`."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user, memberships__role__in=roles).distinct()


def organisations_where(user: Any, action: str) -> models.QuerySet[Organisation]:
    """The clinics where the person's role allows `action`."""
    return organisations_of(user, ROLES_FOR[action])


def for_member(user: Any, model: type[M], roles: frozenset[str] = STAFF) -> models.QuerySet[M]:
    """Rows of `model` that belong to the person's clinics (where they hold one of `roles`)."""
    orgs = organisations_of(user, roles).values("pk")
    path = ORGANISATION_PATH[model]
    return model._default_manager.filter(**{f"{path}__in": orgs})


# How each model reaches its organisation.
ORGANISATION_PATH: dict[type[models.Model], str] = {
    Organisation: "pk",
    Client: "organisation",
    ClinicSession: "client__organisation",
    ClinicPhoto: "client__organisation",
    ClinicReaction: "client__organisation",
    ConsentText: "organisation",
    Location: "organisation",
    Membership: "organisation",
    Appointment: "client__organisation",
    PreVisitIntake: "client__organisation",
}


def own_clients(user: Any) -> models.QuerySet[Client]:
    """The client rows that are the person themself (one per clinic they are a client of)."""
    if not getattr(user, "is_authenticated", False):
        return Client.objects.none()
    return Client.objects.filter(user=user)


def member_or_404(user: Any, model: type[M], pk: int) -> M:
    """A row of the person's clinics, or 404 (also for ids no row can have)."""
    if not 0 < pk <= MAX_ID:
        raise Http404
    row = for_member(user, model).filter(pk=pk).first()
    if row is None:
        raise Http404
    return row

