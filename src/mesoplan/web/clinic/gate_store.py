"""A clinic's client as the gate needs them (`application.ports.People`), read from the database.

The intake and the day it was taken, the knowledge in force for the clinic (its policy applied),
the red flags among the client's reactions that no practitioner has closed, and the consult rules
the latest recorded clearance covers.
"""

from __future__ import annotations

from django.db.models import Q

from mesoplan import services
from mesoplan.application.ports import PersonNow
from mesoplan.core.gate import OpenFlag
from mesoplan.core.i18n import N_
from mesoplan.core.tracking_reactions import is_red_flag
from mesoplan.errors import IntakeError
from mesoplan.web.clinic import snapshot
from mesoplan.web.clinic.models import Clearance, Client, ClinicReaction
from mesoplan.web.records import flags


class ClinicPeople:
    """`People` over the clinic's tables: a person is a `Client` row, by id."""

    def person_now(self, person_id: int) -> PersonNow:
        return person_of(Client.objects.get(pk=person_id))


def person_of(client: Client) -> PersonNow:
    """The client now, as the gate needs them. Raises `IntakeError` when no intake was taken."""
    if not client.intake:
        raise IntakeError("intake", N_("take the client's intake first"))
    kb, policy_version = snapshot.knowledge_in_force(client.organisation_id)
    clearance = latest_clearance(client)
    return PersonNow(client.intake, client.intake_taken_on, kb, policy_version, open_flags(client),
                     frozenset(clearance.rules) if clearance is not None else frozenset(),
                     clearance.pk if clearance is not None else None)


def latest_clearance(client: Client) -> Clearance | None:
    return client.clearances.first()


def open_flag_rows(client: Client) -> list[ClinicReaction]:
    """The client's reactions that are red flags and not resolved. A flag a doctor has seen stays among
    them; the gate decides whether that look lifts its block (`seen_lifts_block` in the knowledge base)."""
    kb = services.knowledge()
    # only the red flags are read (the database picks them), not every reaction of the client's years
    flagged = Q(symptom__in=[e.id for e in kb.side_effects.values() if e.kind == "red_flag"]) | \
        Q(severity__gte=kb.thresholds.severe_rating)
    rows = client.reactions.exclude(flag_status="resolved").filter(flagged)
    return [r for r in rows if r.symptom in kb.side_effects and is_red_flag(r.symptom, r.severity, kb)]


def open_flags(client: Client) -> tuple[OpenFlag, ...]:
    """The client's open red flags: those the clinic logged, and those the client logged in their own
    home diary once they linked it (one person, one life cycle: decisions item 1)."""
    kb = services.knowledge()
    clinic = tuple(OpenFlag(r.symptom, r.date, kb.side_effects[r.symptom].name,
                            r.flag_seen_on if r.flag_status == "seen" else None) for r in open_flag_rows(client))
    return clinic + (flags.open_flags(client.user) if client.user_id else ())
