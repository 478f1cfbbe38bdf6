"""Creating clients and taking their intake: the intake is screened and planned by the services in
the same transaction, so a client's snapshot and stored plan always match their intake."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from mesoplan.errors import IntakeError
from mesoplan.web.clinic import audit, snapshot
from mesoplan.web.clinic.models import Client, StaffProfile

NAME_KEPT = 150  # the columns that keep a member's name on a record (a full name can be twice as long)


def member_name(user: Any) -> str:
    """How a member is called in a list (calendar, dashboard, appointments): the full name they gave
    in their staff profile (read with the user where the list asked for `staff_profile`), else the
    account's full name, else the username."""
    try:
        profile: StaffProfile | None = user.staff_profile
    except StaffProfile.DoesNotExist:
        profile = None
    return _called(user, profile)


def _called(user: Any, profile: StaffProfile | None) -> str:
    if profile is not None and profile.full_name:
        return str(profile.full_name)
    return str(user.get_full_name() or user.get_username())


def display_name(user: Any) -> str:
    """How a member is named on a record: the full name and credentials of their staff profile
    ("Dora Lee, dermatologist (RPPS 10101)"), else the account's full name, else the username. The
    profile is read afresh: a record keeps the name as it is at that moment."""
    profile = StaffProfile.objects.filter(user_id=user.pk).first()
    if profile is None or not profile.full_name:
        return _called(user, None)[:NAME_KEPT]
    named = ", ".join(p for p in (profile.full_name, profile.title) if p)
    if profile.registration_number:
        named += f" ({profile.registration_number})"
    return named[:NAME_KEPT]


def set_intake(client: Client, intake: Mapping[str, Any], user: Any, now: datetime) -> None:
    """Store a new intake with its screening snapshot and plan.

    Raises:
        IntakeError: the intake does not parse; nothing is stored.
    """
    taken_on = timezone.localdate(now)
    try:
        taken = snapshot.take(intake, client.organisation_id, taken_on, client.protocol)
    except IntakeError as error:
        if error.field != "protocol":
            raise
        # the protocol chosen does not fit the new answers: the planner chooses again (the page offers them)
        client.protocol = ""
        taken = snapshot.take(intake, client.organisation_id, taken_on)
    with transaction.atomic():
        client.intake, client.intake_taken_on = dict(intake), taken_on
        snapshot.apply(client, taken, now)
        client.changed_at, client.previous_verdict = None, ""  # an edit is not a knowledge change
        client.save()
        snapshot.replace_plan(client, taken.events)
        audit.record(user, "change", client=client, detail="intake")


def protocols_allowed(client: Client) -> list[tuple[str, str, tuple[str, ...]]]:
    """The protocols the client's stored intake may be planned with (its setting's, and only those the
    planner accepts for its answers): id, title (translated), source codes; in the knowledge base's order."""
    if not client.intake:
        return []
    kb, _version = snapshot.knowledge_in_force(client.organisation_id)
    allowed = []
    for protocol in kb.protocols.values():
        try:
            snapshot.plan_of(client.intake, client.organisation_id, client.intake_taken_on, protocol.id)
        except IntakeError:
            continue
        allowed.append((protocol.id, gettext(protocol.title), tuple(protocol.sources)))
    return allowed


def set_protocol(client: Client, protocol: str, user: Any, now: datetime) -> None:
    """Plan the client's stored intake with `protocol` (empty: the planner's choice), as on the day it was
    taken; the screening stays, the plan and its stored sessions change.

    Raises:
        IntakeError: the protocol does not fit the intake (field `protocol`); nothing is stored.
    """
    taken = snapshot.take(client.intake, client.organisation_id, client.intake_taken_on, protocol)
    with transaction.atomic():
        client.protocol = protocol
        snapshot.apply(client, taken, now)
        client.save()
        snapshot.replace_plan(client, taken.events)
        audit.record(user, "change", client=client, detail=f"protocol: {protocol or 'the planner chooses'}")
