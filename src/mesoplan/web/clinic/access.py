"""Who may do what in a clinic: the one place that decides.

Each action has one function, `can_<action>(user, organisation)`, answering from the
table `ROLES_FOR`. Every object a page reads is fetched through the `*_or_404`
helpers below, which look only among the organisations the person belongs to; an
object of another clinic is then simply not found (404), and a person who belongs
to the clinic but lacks the role gets 403. A client sees only their own `Client`
rows, through `own_clients`.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

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
    "import": CLINICAL,
    "manage_clinic": ADMINS,
    "see_audit": ADMINS,
    "see_calendar": STAFF,
    "book": STAFF,
}


def role_in(user: Any, organisation: Organisation | int) -> str | None:
    """The person's role in the clinic, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    org_id = organisation if isinstance(organisation, int) else organisation.pk
    return Membership.objects.filter(user=user, organisation_id=org_id).values_list("role", flat=True).first()


def _can(action: str, user: Any, organisation: Organisation | int) -> bool:
    return role_in(user, organisation) in ROLES_FOR[action]


def can_see_dashboard(user: Any, organisation: Organisation | int) -> bool:
    return _can("see_dashboard", user, organisation)


def can_see_clients(user: Any, organisation: Organisation | int) -> bool:
    return _can("see_clients", user, organisation)


def can_add_client(user: Any, organisation: Organisation | int) -> bool:
    return _can("add_client", user, organisation)


def can_edit_client(user: Any, organisation: Organisation | int) -> bool:
    return _can("edit_client", user, organisation)


def can_capture_consent(user: Any, organisation: Organisation | int) -> bool:
    return _can("capture_consent", user, organisation)


def can_see_clinical(user: Any, organisation: Organisation | int) -> bool:
    return _can("see_clinical", user, organisation)


def can_edit_intake(user: Any, organisation: Organisation | int) -> bool:
    return _can("edit_intake", user, organisation)


def can_chart(user: Any, organisation: Organisation | int) -> bool:
    return _can("chart", user, organisation)


def can_sign(user: Any, organisation: Organisation | int) -> bool:
    return _can("sign", user, organisation)


def can_record_clearance(user: Any, organisation: Organisation | int) -> bool:
    return _can("clear", user, organisation)


def can_amend(user: Any, organisation: Organisation | int) -> bool:
    return _can("amend", user, organisation)


def can_log_reaction(user: Any, organisation: Organisation | int) -> bool:
    return _can("log_reaction", user, organisation)


def can_export(user: Any, organisation: Organisation | int) -> bool:
    return _can("export", user, organisation)


def can_import(user: Any, organisation: Organisation | int) -> bool:
    return _can("import", user, organisation)


def can_manage_clinic(user: Any, organisation: Organisation | int) -> bool:
    return _can("manage_clinic", user, organisation)


def can_see_audit(user: Any, organisation: Organisation | int) -> bool:
    return _can("see_audit", user, organisation)


def can_see_calendar(user: Any, organisation: Organisation | int) -> bool:
    return _can("see_calendar", user, organisation)


def can_book(user: Any, organisation: Organisation | int) -> bool:
    return _can("book", user, organisation)


def require(allowed: bool) -> None:
    """Raise 403 unless allowed: for a member of the clinic whose role does not reach."""
    if not allowed:
        raise PermissionDenied


# -- scoped querysets -------------------------------------------------------------------

def organisations_of(user: Any, roles: frozenset[str] = STAFF) -> models.QuerySet[Organisation]:
    """The clinics where the person holds one of `roles`."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user, memberships__role__in=roles).distinct()


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

