"""A `ClientRecord` (read from a FHIR bundle) → a new client of the importing clinic, with its rows.

What the clinic keeps maps back to an equal record and to the same columns (the test
compares them field by field): import an export into an empty database, export again,
and the bytes are the same. What a clinic does not keep is
left out and counted: home sessions and diary devices (they belong to the client's own
diary). The verdict is screened again by this clinic's knowledge base; the plan is kept.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone

from mesoplan import services
from mesoplan.core.i18n import N_
from mesoplan.core.record import ChartedSession, ClientRecord, ConsentRecord
from mesoplan.errors import IntakeError
from mesoplan.web.clinic import audit, consent_drawing, snapshot
from mesoplan.web.clinic.intake_json import intake_data
from mesoplan.web.clinic.models import (
    Client,
    ClinicReaction,
    ClinicSession,
    ConsentSignature,
    Location,
    Organisation,
    PlannedEvent,
    ProductUse,
    SessionAmendment,
    SessionZone,
)
from mesoplan.web.clinic.models.consent import GUARDIAN_RELATIONS

# A session's date in a bundle from elsewhere: none before this, none more than this many years ahead
# (year 1 or 9999 is a damaged or hostile bundle, and date arithmetic near them overflows).
EARLIEST_SESSION = date(1900, 1, 1)
SESSION_YEARS_AHEAD = 5

# The procedure a session was, told by its device (the record does not carry it).
PROCEDURE_BY_DEVICE = {"rf_microneedling": "rf_microneedling", "meso_gun": "mesotherapy",
                       "negative_pressure_injector": "mesotherapy", "electroporation": "mesotherapy"}


@dataclass(frozen=True)
class Imported:
    client: Client
    home_sessions_left_out: int
    devices_left_out: int


def _mm(value: float | None) -> Decimal | None:
    return Decimal(str(value)) if value is not None else None


def import_record(record: ClientRecord, organisation: Organisation, user: Any, now: datetime) -> Imported:
    """Create the record's client in the clinic.

    Raises:
        IntakeError: the client is already in this clinic (field `Patient.identifier`), a
            text is longer than the clinic keeps (field: the record's, such as `sessions[0].notes`),
            or a session or consent is signed after `now` or before its own day.
    """
    _check_lengths(record)
    _check_signing_times(record, now)
    _check_consents(record)
    if Client.objects.filter(organisation=organisation, record_id=record.id).exists():
        raise IntakeError("Patient.identifier", N_("this client is already in the clinic (the same record id)"))
    data = intake_data(record.intake)
    taken_on = record.intake_taken_on or timezone.localdate(now)  # older records do not say: today
    protocol = _protocol(record.protocol, data, organisation.pk, taken_on)
    taken = snapshot.take(data, organisation.pk, taken_on, protocol)
    kinds = {d.id: d.kind for d in record.devices}
    clinic_sessions = [s for s in record.sessions if s.session.setting == "clinic"]
    with transaction.atomic():
        client = Client(organisation=organisation, record_id=record.id, name=record.name, email=record.email,
                        phone=record.phone, birth_date=record.birth_date, sex=record.sex or "", intake=data,
                        intake_taken_on=taken_on, language=_language(record.language), protocol=protocol)
        snapshot.apply(client, taken, now)
        client.save()
        # The plan as the record has it (it may come from another knowledge base): a re-screen
        # replaces it only if the planner's answer changes.
        PlannedEvent.objects.bulk_create(PlannedEvent(client=client, position=i, date=e.date, kind=e.kind,
                                                      title=e.title, zones=list(e.zones))
                                         for i, e in enumerate(record.plan_events))
        # Consents first: a signed session names the one it relied on.
        consents = {c.id: _consent(client, c) for c in record.consents}
        by_date: dict[Any, ClinicSession] = {}
        by_id: dict[str, ClinicSession] = {}
        for charted in clinic_sessions:
            row = by_id[charted.id] = _session(client, charted, kinds, organisation, consents)
            by_date.setdefault(row.date, row)
        ClinicReaction.objects.bulk_create(
            ClinicReaction(client=client, date=r.date, symptom=r.symptom, severity=r.severity,
                           session=by_id.get(f.session) if f.session else by_date.get(r.session_date)
                           if r.session_date else None, logged_by=user,
                           notes=f.notes, flag_status=f.flag_status, flag_seen_on=f.flag_seen_on, flag_note=f.flag_note,
                           flag_closed_at=f.flag_closed_at)
            for i, r in enumerate(record.reactions) for f in [record.follow_up(i)])
        audit.record(user, "import", client=client, detail="FHIR bundle")
    used = {s.session.device_id for s in clinic_sessions}  # these live on as the zones' device kind
    return Imported(client, len(record.sessions) - len(clinic_sessions),
                    sum(1 for d in record.devices if d.id not in used))


def _protocol(chosen: str, data: dict[str, Any], organisation_id: int, taken_on: date) -> str:
    """The record's chosen protocol if it is one of this knowledge base's and the screening here allows it;
    else "" (the planner chooses): another clinic's choice never overrides what the screening rules out."""
    if not chosen or chosen not in services.knowledge().protocols:
        return ""
    try:
        snapshot.plan_of(data, organisation_id, taken_on, chosen)
    except IntakeError as error:
        if error.field == "protocol":
            return ""
        raise
    return chosen


def _language(tag: str) -> str:
    """The record's language as one this site speaks ("fr-CA" is French); "" (the clinic's) for any other."""
    primary = tag.split("-")[0].lower()
    return primary if primary in dict(settings.LANGUAGES) else ""


def _consent(client: Client, c: ConsentRecord) -> ConsentSignature:
    signature = ConsentSignature(
        client=client, record_id=c.id, procedure=c.procedure, version=c.version, text_digest=c.text_digest,
        signed_name=c.signed_name, signed_at=c.signed_at, name_differs_reason=c.name_differs_reason,
        guardian_name=c.guardian_name, guardian_relation=c.guardian_relation, drawing_digest=c.drawing_digest,
        device=c.device)
    if c.drawing:  # through the storage API, as a drawing signed here (decisions item 6)
        signature.drawing.save("signature.png", ContentFile(c.drawing), save=False)
    signature.save()
    return signature


def _session(client: Client, charted: ChartedSession, kinds: dict[str, str],
             organisation: Organisation, consents: dict[str, ConsentSignature]) -> ClinicSession:
    logged = charted.session
    kind = kinds.get(logged.device_id or "", "")
    location = (Location.objects.get_or_create(organisation=organisation, name=charted.location)[0]
                if charted.location else None)
    row = ClinicSession.objects.create(
        client=client, record_id=charted.id, date=logged.date, location=location,
        # older records do not name the procedure: it is told by the device
        procedure=charted.procedure or PROCEDURE_BY_DEVICE.get(kind, "microneedling"),
        practitioner_name=charted.practitioner or "", anaesthetic=charted.anaesthetic or "", notes=charted.notes,
        consent_signature=consents.get(charted.consent) if charted.consent else None)
    needles, passes, devices = dict(charted.needle_by_zone), dict(charted.passes_by_zone), dict(charted.device_by_zone)
    SessionZone.objects.bulk_create(
        # Older records carry one device and one number of passes per session, and a zone without its
        # own needle has the session's unless other zones name theirs.
        SessionZone(session=row, position=i, zone=zone,
                    device_kind=devices.get(zone, "") if devices else kind,
                    passes=passes.get(zone) if passes else logged.passes,
                    needle_mm=_mm(needles.get(zone) if needles else logged.needle_mm))
        for i, zone in enumerate(logged.zones))
    products = list(charted.products)
    ProductUse.objects.bulk_create(ProductUse(session=row, position=i, ingredient=p.ingredient, lot=p.lot,
                                              expiry=p.expiry, product_name=p.name) for i, p in enumerate(products))
    if logged.serum and all(p.ingredient != logged.serum for p in products):
        ProductUse.objects.create(session=row, position=len(products), ingredient=logged.serum)
    if charted.signed_at is not None:  # signed last: the lines above could not be added after
        row.signed_at, row.signed_by_name = charted.signed_at, charted.signed_by or ""
        row.screening_digest, row.cautions_acknowledged = charted.screening_digest, charted.cautions_acknowledged
        row.signed_knowledge_version, row.signed_policy_version = charted.knowledge_version, charted.policy_version
        row.save(update_fields=["signed_at", "signed_by_name", "screening_digest", "cautions_acknowledged",
                                "signed_knowledge_version", "signed_policy_version"])
    for amendment in charted.amendments:
        added = SessionAmendment.objects.create(session=row, author_name=amendment.author, note=amendment.note)
        # The amendment's own time, not the import's: `created_at` is set on creation, and the model's
        # queryset refuses any later change, so the plain queryset writes it once, here.
        models.QuerySet(SessionAmendment).filter(pk=added.pk).update(created_at=amendment.at)
    return row


def _check_lengths(record: ClientRecord) -> None:
    """Refuse texts longer than the columns that keep them, naming the record's field.

    A bundle from elsewhere can carry any length, and PostgreSQL would refuse the row (a
    crash) where SQLite keeps it: both refuse here, the same way. Notes are a text column
    without a limit, so that a session's notes with its amendments folded in always fit."""
    texts: list[tuple[str, str | None, type[models.Model], str]] = [
        ("id", record.id, Client, "record_id"), ("name", record.name, Client, "name"),
        ("email", record.email, Client, "email"), ("phone", record.phone, Client, "phone")]
    for i, s in enumerate(record.sessions):
        texts += [(f"sessions[{i}].id", s.id, ClinicSession, "record_id"),
                  (f"sessions[{i}].practitioner", s.practitioner, ClinicSession, "practitioner_name"),
                  (f"sessions[{i}].anaesthetic", s.anaesthetic, ClinicSession, "anaesthetic"),
                  (f"sessions[{i}].location", s.location, Location, "name"),
                  (f"sessions[{i}].signed_by", s.signed_by, ClinicSession, "signed_by_name"),
                  (f"sessions[{i}].screening_digest", s.screening_digest, ClinicSession, "screening_digest"),
                  (f"sessions[{i}].knowledge_version", s.knowledge_version, ClinicSession, "signed_knowledge_version"),
                  (f"sessions[{i}].policy_version", s.policy_version, ClinicSession, "signed_policy_version")]
        texts += [(f"sessions[{i}].products[{j}].lot", p.lot, ProductUse, "lot") for j, p in enumerate(s.products)]
        texts += [(f"sessions[{i}].products[{j}].name", p.name, ProductUse, "product_name")
                  for j, p in enumerate(s.products)]
        texts += [(f"sessions[{i}].amendments[{j}].author", a.author, SessionAmendment, "author_name")
                  for j, a in enumerate(s.amendments)]
    for i, c in enumerate(record.consents):
        texts += [(f"consents[{i}].{name}", getattr(c, attribute), ConsentSignature, column)
                  for name, attribute, column in (("id", "id", "record_id"), ("procedure", "procedure", "procedure"),
                                                  ("version", "version", "version"),
                                                  ("text_digest", "text_digest", "text_digest"),
                                                  ("signed_name", "signed_name", "signed_name"),
                                                  ("name_differs_reason", "name_differs_reason", "name_differs_reason"),
                                                  ("guardian_name", "guardian_name", "guardian_name"),
                                                  ("drawing_digest", "drawing_digest", "drawing_digest"),
                                                  ("device", "device", "device"))]
    texts += [(f"plan_events[{i}].title", e.title, PlannedEvent, "title") for i, e in enumerate(record.plan_events)]
    for path, value, model, column in texts:
        limit = getattr(model._meta.get_field(column), "max_length", None)
        if value is not None and limit is not None and len(value) > limit:
            raise IntakeError(path, N_("at most {count} characters are kept here"),
                              params={"count": limit})


def _check_signing_times(record: ClientRecord, now: datetime) -> None:
    """Refuse a session dated outside a sane range, a signature that has not happened yet, or one
    from before the session it signs.

    A bundle could otherwise bring sessions signed in 2999, locked for good and shown as
    signed by someone at a time that never came. A day's margin allows for time zones."""
    latest = timezone.localdate(now) + timedelta(days=366 * SESSION_YEARS_AHEAD)
    for i, s in enumerate(record.sessions):
        if not EARLIEST_SESSION <= s.session.date <= latest:
            raise IntakeError(f"sessions[{i}].date", N_("expected a date from {earliest} to {latest}"),
                              params={"earliest": EARLIEST_SESSION, "latest": latest})
        for j, amendment in enumerate(s.amendments):
            where = f"sessions[{i}].amendments[{j}].at"
            if s.signed_at is None:
                raise IntakeError(where, N_("only a signed session has amendments: a draft is changed instead"))
            if amendment.at > now:
                raise IntakeError(where, N_("an amendment cannot be dated in the future"))
        if s.signed_at is None:
            continue
        if s.signed_at > now:
            raise IntakeError(f"sessions[{i}].signed_at", N_("a session cannot be signed in the future"))
        if s.signed_at.date() < s.session.date - timedelta(days=1):
            raise IntakeError(f"sessions[{i}].signed_at", N_("a session cannot be signed before the day it took place"))
    for i, follow in enumerate(record.follow_ups):
        if follow.flag_closed_at is not None and follow.flag_closed_at > now:
            raise IntakeError(f"follow_ups[{i}].flag_closed_at", N_("a red flag cannot be resolved in the future"))
    for i, c in enumerate(record.consents):
        if c.signed_at > now:
            raise IntakeError(f"consents[{i}].signed_at", N_("a consent cannot be signed in the future"))


def _check_consents(record: ClientRecord) -> None:
    """Refuse a guardian's relation this clinic does not know, or a drawing that is not a PNG within the caps
    of one drawn here or that its digest does not describe."""
    relations = {code for code, _ in GUARDIAN_RELATIONS}
    for i, c in enumerate(record.consents):
        if c.guardian_relation and c.guardian_relation not in relations:
            raise IntakeError(f"consents[{i}].guardian_relation", N_("expected one of: {values}"),
                              params={"values": ", ".join(sorted(relations))})
        if not c.drawing:
            continue
        if not consent_drawing.acceptable_png(c.drawing):
            raise IntakeError(f"consents[{i}].drawing", N_("expected a PNG drawing of at most {kb} KB"),
                              params={"kb": consent_drawing.MAX_BYTES // 1024})
        if c.drawing_digest != "sha256:" + hashlib.sha256(c.drawing).hexdigest():
            raise IntakeError(f"consents[{i}].drawing_digest", N_("the drawing does not match its digest"))
