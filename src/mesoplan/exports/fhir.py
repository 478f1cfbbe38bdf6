"""One client's record → a FHIR R4B Bundle of type `collection`, as compact, deterministic JSON.

The mapping is documented in docs/fhir.md; `fhir_import` reads it back. Entries
follow the record's own order, grouped by kind; every `fullUrl` is a uuid5 of the
record id and the resource's place in the record, so the same record always gives
the same bytes. Mesoplan ids are coded in mesoplan's own code systems; a standard
code is added only where the code is certain (LOINC 59284-0, FHIR's own systems).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import uuid
from typing import Any

from fhir.resources.R4B.bundle import Bundle
from pydantic import ValidationError

from mesoplan.core.i18n import N_
from mesoplan.core.intake_parser import closest
from mesoplan.core.knowledge import Knowledge
from mesoplan.core.record import ChartedSession, ClientRecord, ReactionFollowUp
from mesoplan.core.tracking_diary import Diary, anchor_date, build_diary
from mesoplan.core.tracking_reactions import is_red_flag
from mesoplan.errors import IntakeError
from mesoplan.exports.fhir_codes import (
    AE_SEVERITY,
    ALLERGY_CLINICAL,
    CONDITION_CLINICAL,
    CONSENT_SCOPE,
    FLAG_STATUSES,
    GENDER,
    LANGUAGE,
    NAMESPACE,
    NO_ZONES,
    PATIENT_CONSENT,
    SESSION_CODE,
    UCUM,
    Json,
    check_bindings,
    code_system,
    consent_policy,
    extension_url,
    identifier_system,
    invalid,
    severity_code,
    vocabularies,
)
from mesoplan.exports.fhir_definitions import EXTENSIONS
from mesoplan.exports.fhir_text import narrative


def export_bundle(record: ClientRecord, knowledge: Knowledge) -> bytes:
    """Export one client's record as a FHIR R4B `collection` Bundle.

    Args:
        record: the client's record.
        knowledge: the knowledge base whose ids the record uses (for names and checks).
    Returns:
        Compact JSON, the same bytes for the same record and knowledge base.
    Raises:
        IntakeError: an id unknown to the knowledge base, a repeated id, a date-time
            without a time zone, or a value FHIR R4B cannot carry; `field` names it.
    """
    bundle = _compact({"resourceType": "Bundle", "type": "collection", "entry": _Builder(record, knowledge).build()})
    for entry in bundle["entry"]:
        entry["resource"]["text"] = narrative(entry["resource"])
    check_bindings(bundle)
    try:
        model = Bundle.model_validate(bundle)
    except ValidationError as error:
        raise invalid(error) from None
    return str(model.model_dump_json()).encode()


def _compact(value: Any) -> Any:
    """Drop absent values (None, empty lists and objects): FHIR forbids empty elements."""
    if isinstance(value, dict):
        items = {key: _compact(item) for key, item in value.items()}
        return {key: item for key, item in items.items() if item is not None and item != [] and item != {}}
    if isinstance(value, list):
        return [_compact(item) for item in value if item is not None]
    return value


def _ext(name: str, kind: str, value: Any) -> Json | None:
    # Only published extensions, with their published type (`fhir_definitions` serves their definitions).
    if EXTENSIONS[name].kind != kind:
        raise ValueError(f"the extension {name} carries value{EXTENSIONS[name].kind}, not value{kind}")
    return None if value is None else {"url": extension_url(name), f"value{kind}": value}


def _mm(value: float) -> Json:
    return {"value": value, "unit": "mm", "system": UCUM, "code": "mm"}


def _aware(value: dt.datetime | None, path: str) -> dt.datetime | None:
    if value is not None and value.utcoffset() is None:
        raise IntakeError(path, N_("expected a date-time with a time zone"))
    return value


class _Builder:
    """Builds the bundle's entries for one record."""

    def __init__(self, record: ClientRecord, knowledge: Knowledge) -> None:
        self.record = record
        self.knowledge = knowledge
        self.codes = vocabularies(knowledge)
        self.entries: list[Json] = []
        self.subject = {"reference": self.url("Patient")}

    def url(self, *key: str) -> str:
        # Derived from ids and places, never random: the same record gives the same bundle.
        return f"urn:uuid:{uuid.uuid5(NAMESPACE, json.dumps([self.record.id, *key]))}"

    def add(self, url: str, resource: Json) -> None:
        self.entries.append({"fullUrl": url, "resource": resource})

    def coded(self, system: str, code: str, path: str) -> Json:
        names = self.codes[system]
        if code not in names:
            raise IntakeError(path, N_("unknown {system} '{value}'"), closest(code, sorted(names)),
                              params={"system": system, "value": code})
        return {"coding": [{"system": code_system(system), "code": code, "display": names[code]}]}

    def zones(self, zones: tuple[str, ...] | None, path: str) -> list[Json] | None:
        if zones is None:
            return None
        return [self.coded("zone", z, f"{path}[{j}]") for j, z in enumerate(zones)] or [NO_ZONES]

    def unique(self, ids: list[str], path: str, problem: str) -> None:
        for i, value in enumerate(ids):
            if value in ids[:i]:
                raise IntakeError(f"{path}[{i}].id", problem, params={"value": value})

    def build(self) -> list[Json]:
        r = self.record
        diary = build_diary([c.session for c in r.sessions], r.devices, r.reactions, self.knowledge)
        self.unique([c.id for c in r.sessions], "sessions", N_("session id '{value}' is used twice"))
        self.unique([c.id for c in r.consents], "consents", N_("consent id '{value}' is used twice"))
        consent_ids = {c.id for c in r.consents}
        for i, charted in enumerate(r.sessions):
            if charted.consent is not None and charted.consent not in consent_ids:
                raise IntakeError(f"sessions[{i}].consent", N_("no consent of the record has the id '{value}'"),
                                  params={"value": charted.consent})
        self.add(self.subject["reference"], {
            "resourceType": "Patient", "identifier": [{"system": identifier_system("client"), "value": r.id}],
            "name": [{"text": r.name}] if r.name else None,
            "telecom": [{"system": system, "value": value} for system, value in (("email", r.email), ("phone", r.phone))
                        if value],
            "gender": r.sex, "birthDate": r.birth_date,
            "communication": [{"language": {"coding": [{"system": LANGUAGE, "code": r.language}]}, "preferred": True}]
            if r.language else None})
        self.person()
        self.intake_lists()
        goals = self.goals()
        device = self.intake_device()
        self.intake_procedures()
        self.devices()
        for i, charted in enumerate(r.sessions):
            self.session(charted, f"sessions[{i}]")
        self.reactions(diary)
        self.care_plan(goals, device)
        self.consents()
        return self.entries

    def person(self) -> None:
        p = self.record.intake.person
        for fact, value in {"age": p.age, "sex": p.sex, "fitzpatrick": p.fitzpatrick, "pregnant": p.pregnant,
                            "breastfeeding": p.breastfeeding}.items():
            if value is None:
                continue
            if isinstance(value, bool):
                answer: Json = {"valueBoolean": value}
            elif isinstance(value, int):
                answer = {"valueInteger": value}
            else:
                answer = {"valueCodeableConcept": {"coding": [{"system": GENDER, "code": value}]}}
            self.add(self.url("Observation", fact), {"resourceType": "Observation", "status": "final",
                     "code": self.coded("intake-fact", fact, f"intake.person.{fact}"), "subject": self.subject,
                     **answer})

    def intake_lists(self) -> None:
        intake = self.record.intake
        for i, c in enumerate(intake.conditions):
            path = f"intake.conditions[{i}]"
            # R4B's con-4: an abated condition must be resolved, inactive or in remission.
            status = {"coding": [{"system": CONDITION_CLINICAL, "code": "active" if c.until is None else "resolved"}]}
            self.add(self.url("Condition", str(i)), {
                "resourceType": "Condition", "clinicalStatus": status,
                "code": self.coded("condition", c.id, f"{path}.id"),
                "bodySite": self.zones(c.zones, f"{path}.zones"), "subject": self.subject,
                "onsetDateTime": c.since, "abatementDateTime": c.until, "note": _note(c.note)})
        for i, m in enumerate(intake.medications):
            path = f"intake.medications[{i}]"
            if m.stopped is not None and m.until is not None:
                raise IntakeError(f"{path}.until", N_("give either `stopped` or `until`, not both"))
            end = m.stopped if m.stopped is not None else m.until
            self.add(self.url("MedicationStatement", str(i)), {
                "resourceType": "MedicationStatement",
                "extension": [_ext("prescribed", "Boolean", m.prescribed or None), _ext("inr", "Decimal", m.inr)],
                "status": "active" if m.stopped is None else "completed",
                "medicationCodeableConcept": self.coded("medication", m.id, f"{path}.id"), "subject": self.subject,
                "effectivePeriod": {"end": end}, "note": _note(m.note)})
        for i, serum in enumerate(intake.serums):
            self.add(self.url("MedicationStatement", "serum", str(i)), {
                "resourceType": "MedicationStatement", "status": "intended",
                "medicationCodeableConcept": self.coded("ingredient", serum, f"intake.serums[{i}]"),
                "subject": self.subject})
        for i, allergen in enumerate(intake.allergies):
            self.add(self.url("AllergyIntolerance", str(i)), {
                "resourceType": "AllergyIntolerance",
                "clinicalStatus": {"coding": [{"system": ALLERGY_CLINICAL, "code": "active"}]},
                "code": self.coded("ingredient", allergen, f"intake.allergies[{i}]"), "patient": self.subject})

    def goals(self) -> list[str]:
        urls = []
        for i, goal in enumerate(self.record.intake.goals):
            urls.append(self.url("Goal", str(i)))
            self.add(urls[-1], {"resourceType": "Goal", "lifecycleStatus": "active",
                                "description": self.coded("goal", goal, f"intake.goals[{i}]"), "subject": self.subject})
        return urls

    def device(self, kind: str, path: str, needle_mm: float | None, counts: dict[str, int | None],
               dates: dict[str, dt.date | None]) -> Json:
        properties = [{"type": self.coded("device-property", "needle-length", path), "valueQuantity": [_mm(needle_mm)]}
                      ] if needle_mm is not None else []
        properties += [{"type": self.coded("device-property", name, path), "valueQuantity": [{"value": n}]}
                       for name, n in counts.items() if n is not None]
        return {"resourceType": "Device", "extension": [_ext(name, "Date", d) for name, d in dates.items()],
                "status": "active" if dates.get("retired-on") is None else "inactive",
                "type": self.coded("device-kind", kind, f"{path}.kind"), "patient": self.subject,
                "property": properties}

    def intake_device(self) -> str | None:
        d = self.record.intake.device
        if d is None:
            return None
        url = self.url("Device", "intake")
        self.add(url, self.device(d.kind, "intake.device", d.needle_mm, {"needle-count": d.needles, "uses": d.uses},
                                  {"first-used": d.first_used}))
        return url

    def intake_procedures(self) -> None:
        for i, p in enumerate(self.record.intake.procedures):
            path = f"intake.procedures[{i}]"
            # Done or booked: nothing in the intake says which, so the status is `unknown`.
            self.add(self.url("Procedure", str(i)), {
                "resourceType": "Procedure", "status": "unknown", "code": self.coded("procedure", p.id, f"{path}.id"),
                "subject": self.subject, "performedDateTime": p.date, "bodySite": self.zones(p.zones, f"{path}.zones")})

    def devices(self) -> None:
        for i, d in enumerate(self.record.devices):
            resource = self.device(d.kind, f"devices[{i}]", d.needle_mm, {"uses-before": d.uses_before},
                                   {"first-used": d.first_used, "last-sanitised": d.last_sanitised,
                                    "retired-on": d.retired_on})
            self.add(self.url("Device", "diary", d.id),
                     {**resource, "identifier": [{"system": identifier_system("device"), "value": d.id}]})

    def session(self, charted: ChartedSession, path: str) -> None:
        s = charted.session
        used = [{"reference": self.url("Device", "diary", s.device_id)}] if s.device_id is not None else []
        products = []
        for j, product in enumerate(charted.products):
            used.append({"reference": self.url("Medication", charted.id, str(j))})
            code = self.coded("ingredient", product.ingredient, f"{path}.products[{j}].ingredient")
            products.append((used[-1]["reference"], {
                "resourceType": "Medication", "code": {**code, "text": product.name or None},
                "batch": {"lotNumber": product.lot or None, "expirationDate": product.expiry}}))
        self.add(self.url("Procedure", "session", charted.id), {
            "resourceType": "Procedure", "identifier": [{"system": identifier_system("session"), "value": charted.id}],
            "extension": [_ext("needle-length", "Quantity", None if s.needle_mm is None else _mm(s.needle_mm)),
                          _ext("passes", "Integer", s.passes), _ext("anaesthetic", "String", charted.anaesthetic),
                          _ext("signed-at", "DateTime", _aware(charted.signed_at, f"{path}.signed_at")),
                          _ext("signed-by", "String", charted.signed_by),
                          _ext("screening-digest", "String", charted.screening_digest or None),
                          _ext("knowledge-version", "String", charted.knowledge_version or None),
                          _ext("policy-version", "String", charted.policy_version or None),
                          _ext("cautions-acknowledged", "Boolean", charted.cautions_acknowledged or None),
                          _ext("consent", "Reference", None if charted.consent is None
                               else {"reference": self.url("Consent", charted.consent)})],
            "status": "completed", "category": self.coded("setting", s.setting, f"{path}.session.setting"),
            "code": SESSION_CODE if charted.procedure is None else {
                **self.coded("procedure", charted.procedure, f"{path}.procedure"), **SESSION_CODE},
            "subject": self.subject, "performedDateTime": s.date,
            "performer": [{"actor": {"display": charted.practitioner}}] if charted.practitioner is not None else None,
            "location": {"display": charted.location} if charted.location is not None else None,
            "bodySite": self.sites(charted, path), "note": self.session_notes(charted, path),
            "usedReference": used,
            "usedCode": [self.coded("ingredient", s.serum, f"{path}.session.serum")] if s.serum is not None else None})
        for url, resource in products:
            self.add(url, resource)

    @staticmethod
    def session_notes(charted: ChartedSession, path: str) -> list[Json] | None:
        """The session's own notes (no time), then each amendment with its time and author."""
        notes: list[Json] = [{"text": charted.notes}] if charted.notes else []
        for k, a in enumerate(charted.amendments):
            notes.append({"authorString": a.author or None, "time": _aware(a.at, f"{path}.amendments[{k}].at"),
                          "text": a.note})
        return notes or None

    def sites(self, charted: ChartedSession, path: str) -> list[Json]:
        """One body site per zone of the session, with its needle, passes and device where charted."""
        zones = charted.session.zones
        by_zone: list[tuple[str, tuple[tuple[str, Any], ...]]] = [
            ("needle_by_zone", charted.needle_by_zone), ("passes_by_zone", charted.passes_by_zone),
            ("device_by_zone", charted.device_by_zone)]
        for name, pairs in by_zone:
            named = dict(pairs)
            if [z for z, _ in pairs] != [z for z in zones if z in named]:
                raise IntakeError(f"{path}.{name}", N_("expected zones of the session, each once, in its order"))
        needles, passes, devices = (dict(pairs) for _, pairs in by_zone)
        sites = []
        for j, zone in enumerate(zones):
            site = self.coded("zone", zone, f"{path}.session.zones[{j}]")
            device = devices.get(zone)
            site["extension"] = [
                _ext("needle-length", "Quantity", _mm(needles[zone]) if zone in needles else None),
                _ext("passes", "Integer", passes.get(zone)),
                _ext("device-kind", "CodeableConcept",
                     None if device is None else self.coded("device-kind", device, f"{path}.device_by_zone[{j}]"))]
            sites.append(site)
        return sites

    def reactions(self, diary: Diary) -> None:
        sessions = {c.session.date: c.id for c in reversed(self.record.sessions)}  # the first of a day wins
        for i, reaction in enumerate(self.record.reactions):
            follow = self.record.follow_up(i)
            anchor = anchor_date(reaction, diary.session_dates)
            session = follow.session or (sessions.get(anchor) if anchor is not None else None)
            procedure = {"reference": self.url("Procedure", "session", session)} if session is not None else None
            symptom = self.coded("side-effect", reaction.symptom, f"reactions[{i}].symptom")
            after = _ext("session-date", "Date", reaction.session_date)
            # A red flag, or any reaction rated severe, is harm: an AdverseEvent; the rest are findings.
            if is_red_flag(reaction.symptom, reaction.severity, self.knowledge):
                resource = {"resourceType": "AdverseEvent",
                            "extension": [after, _ext("severity-score", "Integer", reaction.severity),
                                          _ext("note", "String", follow.notes or None),
                                          *self.flag(follow, f"reactions[{i}]")],
                            "actuality": "actual", "event": symptom, "subject": self.subject, "date": reaction.date,
                            "severity": {"coding": [{"system": AE_SEVERITY, "code": severity_code(reaction.severity)}]},
                            "suspectEntity": [{"instance": procedure}] if procedure else None}
            else:
                resource = {"resourceType": "Observation", "extension": [after, *self.flag(follow, f"reactions[{i}]")],
                            "status": "final", "code": symptom, "subject": self.subject,
                            "effectiveDateTime": reaction.date, "valueInteger": reaction.severity,
                            "partOf": [procedure] if procedure else None, "note": _note(follow.notes)}
            self.add(self.url("reaction", str(i)), resource)

    @staticmethod
    def flag(follow: ReactionFollowUp, path: str) -> list[Json | None]:
        """A red flag's follow-up as extensions; nothing for one never followed up."""
        if follow.flag_status not in FLAG_STATUSES:
            raise IntakeError(f"{path}.flag_status", N_("expected one of: {values}"),
                              params={"values": ", ".join(FLAG_STATUSES)})
        return [_ext("flag-status", "Code", None if follow.flag_status == "open" else follow.flag_status),
                _ext("flag-seen-on", "Date", follow.flag_seen_on),
                _ext("flag-note", "String", follow.flag_note or None),
                _ext("flag-closed-at", "DateTime", _aware(follow.flag_closed_at, f"{path}.flag_closed_at"))]

    def care_plan(self, goals: list[str], device: str | None) -> None:
        intake = self.record.intake
        zones = [_ext("zone", "CodeableConcept", self.coded("zone", z, f"intake.zones[{j}]"))
                 for j, z in enumerate(intake.zones)]
        activities = [{"detail": {"extension": [
                           _ext("zone", "CodeableConcept", self.coded("zone", z, f"plan_events[{i}].zones[{j}]"))
                           for j, z in enumerate(item.zones)],
                                  "code": self.coded("event-kind", item.kind, f"plan_events[{i}].kind"),
                                  "status": "scheduled", "scheduledPeriod": {"start": item.date, "end": item.date},
                                  "description": item.title or None}}
                      for i, item in enumerate(self.record.plan_events)]
        device_ext = _ext("intake-device", "Reference", None if device is None else {"reference": device})
        self.add(self.url("CarePlan"), {
            "resourceType": "CarePlan",
            "extension": [*zones, device_ext, _ext("protocol", "Code", self.record.protocol or None)],
            "status": "active", "intent": "plan", "category": [self.coded("setting", intake.setting, "intake.setting")],
            "subject": self.subject, "period": {"start": intake.start}, "created": self.record.intake_taken_on,
            "goal": [{"reference": g} for g in goals],
            "activity": activities})

    def consents(self) -> None:
        for i, c in enumerate(self.record.consents):
            path = f"consents[{i}]"
            self.add(self.url("Consent", c.id), {
                "resourceType": "Consent", "identifier": [{"system": identifier_system("consent"), "value": c.id}],
                "extension": [_ext("text-digest", "String", c.text_digest),
                              _ext("name-differs-reason", "String", c.name_differs_reason or None),
                              _ext("guardian-name", "String", c.guardian_name or None),
                              _ext("guardian-relation", "Code", c.guardian_relation or None),
                              _ext("drawing-digest", "String", c.drawing_digest or None),
                              _ext("signing-device", "String", c.device or None)],
                "status": "active",
                "scope": {"coding": [{"system": CONSENT_SCOPE, "code": "treatment"}]}, "category": [PATIENT_CONSENT],
                "patient": self.subject, "dateTime": _aware(c.signed_at, f"{path}.signed_at"),
                "performer": [{"display": c.signed_name}], "policy": [{"uri": consent_policy(c.procedure, c.version)}],
                "provision": {"type": "permit", "code": [self.coded("procedure", c.procedure, f"{path}.procedure")]},
                # The drawn signature: the image the consent rests on, beside its typed name.
                "sourceAttachment": {"contentType": "image/png", "data": base64.b64encode(c.drawing).decode("ascii"),
                                     "title": "Drawn signature"} if c.drawing else None})


def _note(text: str) -> list[Json] | None:
    """An entry's free-text note (the person's own words) as FHIR's `note` (Annotation); none without one."""
    return [{"text": text}] if text else None
