"""Clinic rows → the core's values: a session as the diary's `LoggedSession`, a client as a FHIR `ClientRecord`.

Every column the clinic keeps about a client travels (docs/fhir.md lists the few that do
not: accounts, the clinic's own ids and times). The diary's view of a session has one
device and one number of passes, so its device is that of its first zone and its passes
the most of any zone; the record also carries each zone's own. `record_import` reads a
record back into rows that map to an equal record.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from mesoplan import services
from mesoplan.core.i18n import N_
from mesoplan.core.record import Amendment, ChartedSession, ClientRecord, ConsentRecord, PlannedItem, ReactionFollowUp
from mesoplan.core.record import ProductUse as ProductValue
from mesoplan.core.tracking import LoggedDevice, LoggedReaction, LoggedSession
from mesoplan.errors import IntakeError
from mesoplan.web.clinic.models import Client, ClinicReaction, ClinicSession, ConsentSignature

CLINIC_DEVICE_PREFIX = "clinic-"  # record ids of the clinic's devices, one per kind of device used


def device_id(kind: str) -> str:
    return f"{CLINIC_DEVICE_PREFIX}{kind}"


def _mm(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def logged_session(row: ClinicSession) -> LoggedSession:
    """A clinic session as the diary and the core's tracking see it (its zones must be loaded).

    Without a device: the clinic's devices are not the client's, and their wear and
    cleaning are no alert for the client.
    """
    zones = list(row.zones.all())
    needles = [float(z.needle_mm) for z in zones if z.needle_mm is not None]
    passes = [z.passes for z in zones if z.passes is not None]
    return LoggedSession(
        date=row.date, setting="clinic", zones=tuple(z.zone for z in zones),
        # the deepest needle sets the healing interval after the session
        needle_mm=max(needles) if needles else None,
        passes=max(passes) if passes else None,
    )


def charted_session(row: ClinicSession) -> ChartedSession:
    zones = list(row.zones.all())
    kind = next((z.device_kind for z in zones if z.device_kind), None)
    return ChartedSession(
        id=row.record_id,
        session=replace(logged_session(row), device_id=device_id(kind) if kind else None),
        needle_by_zone=tuple((z.zone, float(z.needle_mm)) for z in zones if z.needle_mm is not None),
        products=tuple(ProductValue(p.ingredient, p.lot, p.expiry, p.product_name) for p in row.products.all()),
        anaesthetic=row.anaesthetic or None,
        practitioner=row.practitioner_name or None,
        notes=row.notes,
        signed_at=row.signed_at,
        passes_by_zone=tuple((z.zone, z.passes) for z in zones if z.passes is not None),
        device_by_zone=tuple((z.zone, z.device_kind) for z in zones if z.device_kind),
        procedure=row.procedure,
        location=row.location.name if row.location is not None else None,
        signed_by=row.signed_by_name or None,
        amendments=tuple(Amendment(a.created_at, a.author_name, a.note) for a in row.amendments.all()),
        screening_digest=row.screening_digest, knowledge_version=row.signed_knowledge_version,
        policy_version=row.signed_policy_version, cautions_acknowledged=row.cautions_acknowledged,
        consent=row.consent_signature.record_id if row.consent_signature is not None else None,
    )


def logged_reaction(row: ClinicReaction) -> LoggedReaction:
    return LoggedReaction(row.date, row.symptom, row.severity, row.session.date if row.session else None)


def follow_up(row: ClinicReaction, first_of_day: dict[date, str]) -> ReactionFollowUp:
    """The reaction's notes and flag; its session by id only when the day does not name it (two on one day)."""
    session = row.session.record_id if row.session is not None else None
    return ReactionFollowUp(row.notes, row.flag_status, row.flag_seen_on, row.flag_note, row.flag_closed_at,
                            session if row.session is not None and first_of_day.get(row.session.date) != session
                            else None)


def consent_record(row: ConsentSignature) -> ConsentRecord:
    drawing = b""
    if row.drawing:
        with row.drawing.open("rb") as stored:  # through the storage API (decisions item 6)
            drawing = stored.read()
    return ConsentRecord(row.record_id, row.procedure, row.version, row.text_digest, row.signed_name, row.signed_at,
                         name_differs_reason=row.name_differs_reason, guardian_name=row.guardian_name,
                         guardian_relation=row.guardian_relation, drawing=drawing, drawing_digest=row.drawing_digest,
                         device=row.device)


def clinic_sessions(client: Client) -> list[ClinicSession]:
    """The client's sessions, oldest first, with everything the record needs loaded."""
    return list(client.sessions.order_by("date", "pk").select_related("location", "consent_signature")
                .prefetch_related("zones", "products", "amendments"))


def client_record(client: Client) -> ClientRecord:
    """Everything the clinic keeps about a client, as one record.

    Raises:
        IntakeError: the client has no intake yet (field `intake`), or it no longer parses.
    """
    if not client.intake:
        raise IntakeError("intake", N_("take the client's intake first: a record starts from it"))
    intake = services.parse_intake(client.intake)
    sessions = [charted_session(s) for s in clinic_sessions(client)]
    kinds = dict.fromkeys(s.session.device_id for s in sessions if s.session.device_id)
    devices = tuple(LoggedDevice(id=d, kind=d.removeprefix(CLINIC_DEVICE_PREFIX)) for d in kinds)
    reactions = list(client.reactions.order_by("date", "pk").select_related("session"))
    return ClientRecord(
        id=client.record_id, name=client.name, birth_date=client.birth_date,
        sex=client.sex or None,  # type: ignore[arg-type]  # the model's choices are the record's Sex
        intake=intake, sessions=tuple(sessions), devices=devices,
        reactions=tuple(logged_reaction(r) for r in reactions),
        plan_events=tuple(PlannedItem(e.date, e.kind, e.title, tuple(e.zones))  # type: ignore[arg-type]  # planner's kinds
                          for e in client.planned_events.all()),
        consents=tuple(consent_record(c) for c in client.consents.order_by("signed_at", "pk")),
        email=client.email, phone=client.phone,
        follow_ups=tuple(follow_up(r, {s.session.date: s.id for s in reversed(sessions)}) for r in reactions),
        intake_taken_on=client.intake_taken_on, language=client.language, protocol=client.protocol,
    )
