"""Charting, signing and amending sessions: the workflow rules, apart from any page.

A session is charted as a draft, changed freely, then signed once a current consent
for its procedure is on file. After the signature the models refuse every change
(`LockedRecordError`), and `amend` adds a dated note (with a photo if need be) instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from mesoplan.application import gate
from mesoplan.core.gate import Action, GateAnswer, ProposedSession
from mesoplan.errors import ActionRefusedError
from mesoplan.web.clinic import audit, consent, gate_store
from mesoplan.web.clinic.clients import display_name
from mesoplan.web.clinic.errors import SigningRefusedError
from mesoplan.web.clinic.models import (
    Client,
    ClinicPhoto,
    ClinicSession,
    Location,
    ProductUse,
    SessionAmendment,
    SessionZone,
)

PEOPLE = gate_store.ClinicPeople()  # the gate reads each client as stored now


@dataclass(frozen=True)
class ZoneLine:
    zone: str
    device_kind: str
    needle_mm: Decimal | None
    passes: int | None

    @classmethod
    def of(cls, row: SessionZone) -> ZoneLine:
        """A stored line, its needle without trailing zeros (0.5, not 0.50) for the form."""
        needle = row.needle_mm.normalize() if row.needle_mm is not None else None
        return cls(row.zone, row.device_kind, needle, row.passes)


@dataclass(frozen=True)
class ProductLine:
    ingredient: str
    product_name: str
    lot: str
    expiry: date | None


@dataclass(frozen=True)
class Chart:
    """Everything a charting form gives, checked."""

    date: date
    procedure: str
    location: Location | None
    practitioner: Any
    anaesthetic: str
    notes: str
    zones: Sequence[ZoneLine]
    products: Sequence[ProductLine]
    photos: Sequence[tuple[str, ContentFile[bytes]]] = ()  # (kind, re-encoded image): added, never replacing


def gate_answer(client: Client, chart: Chart, action: Action = "chart") -> GateAnswer:
    """What the gate says of this chart for this client now. Raises `IntakeError` without an intake."""
    proposed = _proposed(action, chart.date, chart.zones, [p.ingredient for p in chart.products])
    return gate.answer_for(PEOPLE, client.pk, proposed)


def _proposed(action: Action, day: date, zones: Sequence[ZoneLine], ingredients: Sequence[str]) -> ProposedSession:
    """A session as the gate sees it: its zones, the needle used on each, the products' ingredients."""
    needles = {z.zone: float(z.needle_mm) for z in zones if z.needle_mm is not None}
    return ProposedSession(action, day, tuple(z.zone for z in zones), needles, tuple(i for i in ingredients if i))


def _charted(session: ClinicSession, action: Action) -> ProposedSession:
    """A charted session as the gate sees it."""
    zones = [ZoneLine.of(z) for z in session.zones.all()]
    return _proposed(action, session.date, zones, [p.ingredient for p in session.products.all()])


def save(client: Client, chart: Chart, user: Any, session: ClinicSession | None = None) -> ClinicSession:
    """Create a draft session, or change one; its zone and product lines are replaced whole.

    The gate is asked first: what it blocks (a wait still running on that day, a needle longer
    than the zone allows, a product the screening rules out, an open red flag) is not charted.
    A consult or a caution may be charted as a draft; signing asks for the clearance or the
    acknowledgement.

    Raises:
        ActionRefusedError: the gate blocks this session (its findings say why).
        IntakeError: the client has no intake, or it no longer reads.
        LockedRecordError: the session is signed.
    """
    found = gate_answer(client, chart)
    if found.blocks:
        raise ActionRefusedError(found.blocks)
    creating = session is None
    row = session or ClinicSession(client=client, created_by=user)
    with transaction.atomic():
        row.date, row.procedure, row.location = chart.date, chart.procedure, chart.location
        row.practitioner = chart.practitioner
        row.practitioner_name = display_name(chart.practitioner) if chart.practitioner is not None else ""
        row.anaesthetic, row.notes = chart.anaesthetic, chart.notes
        row.save()
        SessionZone.objects.filter(session=row).delete()
        SessionZone.objects.bulk_create(SessionZone(session=row, position=i, zone=z.zone, device_kind=z.device_kind,
                                                    needle_mm=z.needle_mm, passes=z.passes)
                                        for i, z in enumerate(chart.zones))
        ProductUse.objects.filter(session=row).delete()
        ProductUse.objects.bulk_create(ProductUse(session=row, position=i, ingredient=p.ingredient,
                                                  product_name=p.product_name, lot=p.lot, expiry=p.expiry)
                                       for i, p in enumerate(chart.products))
        for kind, image in chart.photos:
            ClinicPhoto.objects.create(client=client, session=row, image=image, kind=kind, taken_on=row.date,
                                       uploaded_by=user)
        audit.record(user, "create" if creating else "change", client=client,
                     detail=f"session of {row.date.isoformat()}")
    return row


def repeat_of(session: ClinicSession) -> dict[str, Any]:
    """What a new session copies from this one: procedure, place, anaesthetic, zones and products.

    Lots and expiry dates are not copied: they must be read off the vial actually used.
    """
    return {
        "procedure": session.procedure,
        "location": session.location_id,
        "anaesthetic": session.anaesthetic,
        "zones": [ZoneLine.of(z) for z in session.zones.all()],
        "products": [{"ingredient": p.ingredient, "product_name": p.product_name} for p in session.products.all()],
    }


def session_gate(session: ClinicSession, action: Action = "sign") -> GateAnswer:
    """What the gate says now of a charted session. Raises `IntakeError` without a readable intake."""
    return gate.answer_for(PEOPLE, session.client_id, _charted(session, action))


def sign(session: ClinicSession, user: Any, now: datetime, acknowledged: bool = False) -> None:
    """Sign a draft session, once the gate allows it: nothing blocks, a consult is covered by a
    recorded clearance, and the cautions were acknowledged (`acknowledged`). The session keeps the
    digest of the screening it was signed against, the knowledge and policy versions, and the
    clearance it relied on.

    Raises:
        SigningRefusedError: already signed, or no current consent for its procedure.
        ActionRefusedError: the gate refuses (its findings say why).
        IntakeError: the client has no intake, or it no longer reads.
    """
    if session.is_signed:
        raise SigningRefusedError(_("This session is already signed."))
    relied_on = consent.current_signature(session.client, session.procedure)
    if relied_on is None:
        raise SigningRefusedError(_("The client has not signed the current consent for %(procedure)s: "
                               "take their consent first.") % {"procedure": session.get_procedure_display()})
    allowed = gate.require_for(PEOPLE, session.client_id, _charted(session, "sign"), acknowledged)
    with transaction.atomic():
        session.signed_at, session.signed_by, session.signed_by_name = now, user, display_name(user)
        session.screening_digest = allowed.screening_digest
        session.signed_knowledge_version, session.signed_policy_version = (allowed.knowledge_version,
                                                                           allowed.policy_version)
        session.clearance_id = allowed.clearance_id
        session.cautions_acknowledged = bool(allowed.answer.acknowledgements) and acknowledged
        session.consent_signature = relied_on  # the consent version the session was signed on
        session.save(update_fields=["signed_at", "signed_by", "signed_by_name", "updated_at", "screening_digest",
                                    "signed_knowledge_version", "signed_policy_version", "clearance",
                                    "cautions_acknowledged", "consent_signature"])
        audit.record(user, "sign", client=session.client, detail=f"session of {session.date.isoformat()}")


@dataclass(frozen=True)
class AmendmentPhoto:
    image: ContentFile[bytes]
    kind: str
    taken_on: date


def amend(session: ClinicSession, user: Any, note: str, photo: AmendmentPhoto | None = None) -> SessionAmendment:
    """Add a dated note (and a photo) to a signed session; the session itself is not touched.

    Raises:
        SigningRefusedError: the session is not signed yet (change it instead).
    """
    if not session.is_signed:
        raise SigningRefusedError(_("This session is not signed yet: change it instead of amending it."))
    with transaction.atomic():
        amendment = SessionAmendment.objects.create(session=session, author=user, author_name=display_name(user),
                                                    note=note)
        if photo is not None:
            ClinicPhoto.objects.create(client=session.client, session=session, amendment=amendment,
                                       image=photo.image, kind=photo.kind, taken_on=photo.taken_on,
                                       uploaded_by=user)
        audit.record(user, "amend", client=session.client, detail=f"session of {session.date.isoformat()}")
    return amendment
