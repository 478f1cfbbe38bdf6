"""A FHIR R4B Bundle as `export_bundle` writes it → the client's record, exactly as it was.

The bundle may come from anywhere, so everything is checked: anything wrong (not
JSON, not an R4B Bundle, an unknown id, a reference to nothing, a missing piece)
raises `IntakeError` naming the place, such as `entry[3].resource.bodySite[0]`,
and never another exception.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from typing import Any, cast
from urllib.parse import quote, unquote

from mesoplan.core.i18n import N_
from mesoplan.core.intake import Condition, Device, Intake, Medication, Person, Procedure, Sex
from mesoplan.core.intake_parser import closest
from mesoplan.core.knowledge import Knowledge
from mesoplan.core.plan_model import EventKind
from mesoplan.core.record import (
    Amendment,
    ChartedSession,
    ClientRecord,
    ConsentRecord,
    PlannedItem,
    ProductUse,
    ReactionFollowUp,
)
from mesoplan.core.tracking_models import LoggedDevice, LoggedReaction, LoggedSession
from mesoplan.core.verdicts import Setting
from mesoplan.exports.fhir_codes import (
    CONSENT_FORM,
    FLAG_STATUSES,
    GENDER,
    LANGUAGE,
    NO_ZONES,
    Json,
    code_system,
    extension_url,
    vocabularies,
)
from mesoplan.exports.fhir_json import SEXES, Node, fail, millimetres, references, validated

# One sentence per kind of entry, so that each language can word it.
TWICE = {"session": N_("a session id is used twice"), "device": N_("a device id is used twice"),
         "consent": N_("a consent id is used twice")}


def import_bundle(data: bytes, knowledge: Knowledge) -> ClientRecord:
    """Read back one client's record from a FHIR R4B Bundle written by `export_bundle`.

    Args:
        data: the bundle's JSON.
        knowledge: the knowledge base whose ids the record may use.
    Returns:
        The record, equal to the one exported.
    Raises:
        IntakeError: naming the bundle's field at fault (`entry[3].resource.code`).
    """
    return _Reader(validated(data), knowledge).record()


class _Reader:
    """Reads one validated bundle into a record, entry by entry in the bundle's order."""

    def __init__(self, bundle: Json, knowledge: Knowledge) -> None:
        self.codes = vocabularies(knowledge)
        self.entries: list[tuple[str, Node]] = []
        for i, entry in enumerate(bundle.get("entry") or ()):
            url = Node(entry, f"entry[{i}]").text("fullUrl", required=True)
            if any(url == seen for seen, _ in self.entries):
                fail(f"entry[{i}].fullUrl", N_("'{value}' names another entry too"), value=url)
            self.entries.append((cast(str, url), Node(entry["resource"], f"entry[{i}].resource")))
        self.by_url = dict(self.entries)
        for path, reference in references(bundle, ""):
            if reference not in self.by_url:
                fail(path.lstrip("."), N_("refers to nothing in the bundle: '{value}'"), value=reference)
        self.facts: dict[str, Any] = {}
        self.conditions: list[Condition] = []
        self.medications: list[Medication] = []
        self.serums: list[str] = []
        self.allergies: list[str] = []
        self.goals: list[str] = []
        self.procedures: list[Procedure] = []
        self.device: Device | None = None
        self.devices: list[LoggedDevice] = []
        self.sessions: list[ChartedSession] = []
        self.reactions: list[LoggedReaction] = []
        self.follow_ups: list[ReactionFollowUp] = []
        self.consents: list[ConsentRecord] = []

    def only(self, kind: str) -> tuple[str, Node]:
        found = [(url, node) for url, node in self.entries if node.data["resourceType"] == kind]
        if len(found) != 1:
            fail("entry", N_("expected exactly one {resource}, found {count}"), resource=kind, count=len(found))
        return found[0]

    def target(self, reference: Node, kinds: tuple[str, ...]) -> Node:
        node = self.by_url.get(cast(str, reference.text("reference", required=True)))
        if node is None or node.data["resourceType"] not in kinds:
            fail(reference.at("reference"), N_("expected a reference to a {resource}"), resource=" or ".join(kinds))
        return node

    def code(self, concept: Node, system: str) -> str:
        for coding in concept.items("coding"):
            if coding.data.get("system") == code_system(system):
                code = cast(str, coding.text("code", required=True))
                names = self.codes[system]
                if code not in names:
                    fail(coding.at("code"), N_("unknown {system} '{value}'"), closest(code, sorted(names)),
                         system=system, value=code)
                return code
        return fail(concept.path, N_("expected a coding of {system}"), system=code_system(system))

    def system(self, concept: Node, systems: tuple[str, ...]) -> str:
        found = {coding.data.get("system") for coding in concept.items("coding")}
        for system in systems:
            if code_system(system) in found:
                return system
        return fail(concept.path, N_("expected a coding of {system}"),
                    system=" or ".join(code_system(s) for s in systems))

    def code_in(self, concepts: list[Node], system: str, path: str) -> str:
        for concept in concepts:
            if code_system(system) in {c.data.get("system") for c in concept.items("coding")}:
                return self.code(concept, system)
        return fail(path, N_("expected a coding of {system}"), system=code_system(system))

    def zones(self, node: Node) -> tuple[str, ...] | None:
        sites = node.items("bodySite")
        if len(sites) == 1 and sites[0].data == NO_ZONES:
            return ()
        return tuple(self.code(site, "zone") for site in sites) if sites else None

    def record(self) -> ClientRecord:
        _, patient = self.only("Patient")
        _, plan = self.only("CarePlan")
        device_ext = plan.extension("intake-device")
        chosen = plan.extension("protocol")
        intake_device = self.target(device_ext.need("valueReference"), ("Device",)) if device_ext else None
        readers = {"Observation": self.observation, "Condition": self.condition, "Goal": self.goal,
                   "MedicationStatement": self.statement, "AllergyIntolerance": self.allergy,
                   "Procedure": self.procedure, "AdverseEvent": self.adverse_event, "Consent": self.consent}
        for _, node in self.entries:
            if node is intake_device:
                self.device = self.intake_device(node)
            elif node.data["resourceType"] == "Device":
                self.devices.append(self.logged_device(node))
            elif node.data["resourceType"] in readers:  # Patient and CarePlan are read apart, Medications by session
                readers[node.data["resourceType"]](node)
        for kind, ids in (("session", [s.id for s in self.sessions]), ("device", [d.id for d in self.devices]),
                          ("consent", [c.id for c in self.consents])):
            if len(set(ids)) != len(ids):
                fail("entry", TWICE[kind])
        sex = patient.text("gender")
        if sex is not None and sex not in SEXES:
            fail(patient.at("gender"), N_("expected female, male or other"))
        names = patient.items("name")
        telecom: dict[str, str] = {}
        for point in patient.items("telecom"):
            system = point.text("system")
            if system in ("email", "phone") and system not in telecom:
                telecom[system] = point.text("value", required=True) or ""
        languages = [coding.text("code") or "" for spoken in patient.items("communication")
                     for coding in spoken.need("language").items("coding") if coding.data.get("system") == LANGUAGE]
        return ClientRecord(
            id=cast(str, patient.identifier("client")), name=(names[0].text("text") or "") if names else "",
            birth_date=patient.day("birthDate"), sex=cast(Sex | None, sex), intake=self.intake(plan),
            sessions=tuple(self.sessions), devices=tuple(self.devices), reactions=tuple(self.reactions),
            plan_events=self.plan_events(plan), consents=tuple(self.consents), email=telecom.get("email", ""),
            phone=telecom.get("phone", ""), follow_ups=tuple(self.follow_ups), intake_taken_on=plan.day("created"),
            language=languages[0] if languages else "",
            protocol=(chosen.text("valueCode", required=True) or "") if chosen else "")

    def intake(self, plan: Node) -> Intake:
        facts = self.facts
        return Intake(
            setting=cast(Setting, self.code_in(plan.items("category"), "setting", plan.at("category"))),
            start=cast(dt.date, plan.need("period").day("start", required=True)),
            person=Person(age=facts.get("age"), sex=facts.get("sex"), fitzpatrick=facts.get("fitzpatrick"),
                          pregnant=facts.get("pregnant"), breastfeeding=facts.get("breastfeeding")),
            goals=tuple(self.goals),
            zones=tuple(self.code(e.need("valueCodeableConcept"), "zone") for e in plan.extensions("zone")),
            conditions=tuple(self.conditions), medications=tuple(self.medications),
            procedures=tuple(self.procedures), allergies=tuple(self.allergies), device=self.device,
            serums=tuple(self.serums))

    def plan_events(self, plan: Node) -> tuple[PlannedItem, ...]:
        items = []
        for activity in plan.items("activity"):
            detail = activity.need("detail")
            items.append(PlannedItem(date=cast(dt.date, detail.need("scheduledPeriod").day("start", required=True)),
                                     kind=cast(EventKind, self.code(detail.need("code"), "event-kind")),
                                     title=detail.text("description") or "",
                                     zones=tuple(self.code(e.need("valueCodeableConcept"), "zone")
                                                 for e in detail.extensions("zone"))))
        return tuple(items)

    def observation(self, node: Node) -> None:
        code = node.need("code")
        if self.system(code, ("intake-fact", "side-effect")) == "side-effect":
            self.reaction(node, code, node.day("effectiveDateTime", required=True), node.at("valueInteger"),
                          node.integer("valueInteger", required=True), _note(node))
            return
        fact = self.code(code, "intake-fact")
        if fact in self.facts:
            fail(code.path, N_("{code} is given twice"), code=fact)
        if fact == "sex":
            value: Any = self.code_of(node.need("valueCodeableConcept"), GENDER, SEXES)
        elif fact in ("pregnant", "breastfeeding"):
            value = node.boolean("valueBoolean", required=True)
        else:
            value = node.integer("valueInteger", required=True)
        self.facts[fact] = value

    def code_of(self, concept: Node, system: str, codes: tuple[str, ...]) -> str:
        for coding in concept.items("coding"):
            if coding.data.get("system") == system and coding.data.get("code") in codes:
                return cast(str, coding.data["code"])
        return fail(concept.path, N_("expected one of {code} from {system}"), code=", ".join(codes), system=system)

    def adverse_event(self, node: Node) -> None:
        score = node.extension("severity-score")
        if score is None:
            fail(node.at("extension"), N_("missing: expected the extension {url}"),
                 url=extension_url("severity-score"))
        note = node.extension("note")
        self.reaction(node, node.need("event"), node.day("date", required=True), score.at("valueInteger"),
                      score.integer("valueInteger", required=True),
                      (note.text("valueString", required=True) or "") if note else "")

    def reaction(self, node: Node, code: Node, day: dt.date | None, path: str, severity: int | None,
                 notes: str) -> None:
        if severity is None or not 1 <= severity <= 5:
            fail(path, N_("expected a severity from 1 to 5"))
        after = node.extension("session-date")
        session_date = after.day("valueDate", required=True) if after else None
        if after and session_date and day and session_date > day:
            fail(after.at("valueDate"), N_("the session must be on or before the reaction"))
        self.reactions.append(LoggedReaction(cast(dt.date, day), self.code(code, "side-effect"), severity,
                                             session_date))
        status, note = node.extension("flag-status"), node.extension("flag-note")
        flag = (status.text("valueCode", required=True) or "open") if status else "open"
        if flag not in FLAG_STATUSES:
            fail(cast(Node, status).at("valueCode"), N_("expected one of: {values}"), values=", ".join(FLAG_STATUSES))
        closed = node.extension("flag-closed-at")
        links = node.items("partOf") or [e.need("instance") for e in node.items("suspectEntity")]
        linked = self.target(links[0], ("Procedure",)).identifier("session", required=False) if links else None
        # Only a session other than the first of its day is named: the day names the first.
        first = next((s.id for s in self.sessions if s.session.date == session_date), None)
        self.follow_ups.append(ReactionFollowUp(
            notes=notes, flag_status=flag, flag_seen_on=self.dated(node, "flag-seen-on"),
            flag_note=(note.text("valueString", required=True) or "") if note else "",
            flag_closed_at=closed.moment("valueDateTime", required=True) if closed else None,
            session=linked if session_date is not None and linked != first else None))

    def condition(self, node: Node) -> None:
        self.conditions.append(Condition(id=self.code(node.need("code"), "condition"), zones=self.zones(node),
                                         until=node.day("abatementDateTime"), since=node.day("onsetDateTime"),
                                         note=_note(node)))

    def statement(self, node: Node) -> None:
        concept = node.need("medicationCodeableConcept")
        if self.system(concept, ("medication", "ingredient")) == "ingredient":
            self.serums.append(self.code(concept, "ingredient"))
            return
        status = node.text("status")
        if status not in ("active", "completed"):
            fail(node.at("status"), N_("expected active (still taken) or completed (stopped)"))
        period = node.get("effectivePeriod")
        end = period.day("end", required=status == "completed") if period else None
        if status == "completed" and end is None:
            fail(node.at("effectivePeriod.end"), N_("missing: expected the date of the last dose"))
        prescribed, inr = node.extension("prescribed"), node.extension("inr")
        self.medications.append(Medication(
            id=self.code(concept, "medication"), stopped=end if status == "completed" else None,
            until=end if status == "active" else None,
            prescribed=bool(prescribed.boolean("valueBoolean", required=True)) if prescribed else False,
            note=_note(node), inr=inr.number("valueDecimal", required=True) if inr else None))

    def allergy(self, node: Node) -> None:
        self.allergies.append(self.code(node.need("code"), "ingredient"))

    def goal(self, node: Node) -> None:
        self.goals.append(self.code(node.need("description"), "goal"))

    def properties(self, node: Node) -> dict[str, Node]:
        found = {}
        for prop in node.items("property"):
            quantities = prop.items("valueQuantity")
            if len(quantities) != 1:
                fail(prop.at("valueQuantity"), N_("expected one quantity"))
            found[self.code(prop.need("type"), "device-property")] = quantities[0]
        return found

    def dated(self, node: Node, name: str) -> dt.date | None:
        found = node.extension(name)
        return found.day("valueDate", required=True) if found else None

    def intake_device(self, node: Node) -> Device:
        found = self.properties(node)
        needle, needles, uses = (found.get(name) for name in ("needle-length", "needle-count", "uses"))
        return Device(kind=self.code(node.need("type"), "device-kind"),
                      needle_mm=needle.number("value", required=True) if needle else None,
                      needles=needles.integer("value", required=True) if needles else None,
                      first_used=self.dated(node, "first-used"),
                      uses=(uses.integer("value", required=True) or 0) if uses else 0)

    def logged_device(self, node: Node) -> LoggedDevice:
        found = self.properties(node)
        needle, before = found.get("needle-length"), found.get("uses-before")
        return LoggedDevice(id=cast(str, node.identifier("device")), kind=self.code(node.need("type"), "device-kind"),
                            needle_mm=needle.number("value", required=True) if needle else None,
                            first_used=self.dated(node, "first-used"),
                            uses_before=(before.integer("value", required=True) or 0) if before else 0,
                            last_sanitised=self.dated(node, "last-sanitised"),
                            retired_on=self.dated(node, "retired-on"))

    def procedure(self, node: Node) -> None:
        session_id = node.identifier("session", required=False)
        if session_id is None:
            self.procedures.append(Procedure(id=self.code(node.need("code"), "procedure"),
                                             date=node.day("performedDateTime"), zones=self.zones(node)))
            return
        zones, needles, by_zone_passes, by_zone_devices = [], [], [], []
        for site in node.items("bodySite"):
            zones.append(self.code(site, "zone"))
            needle, zone_passes, kind = (site.extension(name) for name in ("needle-length", "passes", "device-kind"))
            if needle is not None:
                needles.append((zones[-1], millimetres(needle)))
            if zone_passes is not None:
                by_zone_passes.append((zones[-1], cast(int, zone_passes.integer("valueInteger", required=True))))
            if kind is not None:
                by_zone_devices.append((zones[-1], self.code(kind.need("valueCodeableConcept"), "device-kind")))
        device_id, products = None, []
        for reference in node.items("usedReference"):
            used = self.target(reference, ("Device", "Medication"))
            if used.data["resourceType"] == "Medication":
                products.append(self.product(used))
            elif device_id is None:
                device_id = used.identifier("device")
            else:
                fail(reference.path, N_("expected one device per session"))
        serums = [self.code(concept, "ingredient") for concept in node.items("usedCode")]
        if len(serums) > 1:
            fail(node.at("usedCode"), N_("expected one serum per session"))
        needle = node.extension("needle-length")
        passes, anaesthetic, signed, signer = (node.extension(name) for name in ("passes", "anaesthetic", "signed-at",
                                                                                 "signed-by"))
        performers, location = node.items("performer"), node.get("location")
        notes, amendments = [], []
        for note in node.items("note"):
            text = cast(str, note.text("text", required=True))
            if note.data.get("time") is None:
                notes.append(text)
            else:
                amendments.append(Amendment(at=cast(dt.datetime, note.moment("time", required=True)),
                                            author=note.text("authorString") or "", note=text))
        texts = {name: (found.text("valueString", required=True) or "") if found else ""
                 for name in ("screening-digest", "knowledge-version", "policy-version")
                 for found in [node.extension(name)]}
        acknowledged, consent = node.extension("cautions-acknowledged"), node.extension("consent")
        code = node.need("code")
        procedure = (self.code(code, "procedure")
                     if code_system("procedure") in {c.data.get("system") for c in code.items("coding")} else None)
        session = LoggedSession(
            date=cast(dt.date, node.day("performedDateTime", required=True)),
            setting=cast(Setting, self.code(node.need("category"), "setting")), zones=tuple(zones),
            needle_mm=millimetres(needle) if needle else None, device_id=device_id,
            passes=passes.integer("valueInteger", required=True) if passes else None,
            serum=serums[0] if serums else None)
        self.sessions.append(ChartedSession(
            id=session_id, session=session, needle_by_zone=tuple(needles), products=tuple(products),
            anaesthetic=anaesthetic.text("valueString", required=True) if anaesthetic else None,
            practitioner=performers[0].need("actor").text("display", required=True) if performers else None,
            notes="\n\n".join(notes), signed_at=signed.moment("valueDateTime", required=True) if signed else None,
            passes_by_zone=tuple(by_zone_passes), device_by_zone=tuple(by_zone_devices), procedure=procedure,
            location=location.text("display", required=True) if location else None,
            signed_by=signer.text("valueString", required=True) if signer else None, amendments=tuple(amendments),
            screening_digest=texts["screening-digest"], knowledge_version=texts["knowledge-version"],
            policy_version=texts["policy-version"],
            cautions_acknowledged=bool(acknowledged.boolean("valueBoolean", required=True)) if acknowledged else False,
            consent=self.target(consent.need("valueReference"), ("Consent",)).identifier("consent")
            if consent else None))

    def product(self, node: Node) -> ProductUse:
        batch = node.get("batch") or Node({}, node.at("batch"))
        code = node.need("code")
        return ProductUse(ingredient=self.code(code, "ingredient"), lot=batch.text("lotNumber") or "",
                          expiry=batch.day("expirationDate"), name=code.text("text") or "")

    def consent(self, node: Node) -> None:
        digest, performers, policies = node.extension("text-digest"), node.items("performer"), node.items("policy")
        if digest is None or not performers or not policies:
            fail(node.path, N_("expected the text digest (extension), the signer (performer) and the policy"))
        procedure = self.code_in(node.need("provision").items("code"), "procedure", node.at("provision.code"))
        uri = cast(str, policies[0].text("uri", required=True))
        prefix = CONSENT_FORM + quote(procedure, safe="") + "/"
        if not uri.startswith(prefix):
            fail(policies[0].at("uri"), N_("expected {url}<version>"), url=prefix)
        self.consents.append(ConsentRecord(
            id=cast(str, node.identifier("consent")), procedure=procedure, version=unquote(uri[len(prefix):]),
            text_digest=cast(str, digest.text("valueString", required=True)),
            signed_name=cast(str, performers[0].text("display", required=True)),
            signed_at=cast(dt.datetime, node.moment("dateTime", required=True)),
            **{field: (found.text(f"value{kind}", required=True) or "") if found else ""
               for field, name, kind in _CONSENT_TEXTS for found in [node.extension(name)]},
            drawing=_drawing(node)))


# The consent's later fields carried as simple extensions: (record field, extension, value type).
_CONSENT_TEXTS = (("name_differs_reason", "name-differs-reason", "String"),
                  ("guardian_name", "guardian-name", "String"), ("guardian_relation", "guardian-relation", "Code"),
                  ("drawing_digest", "drawing-digest", "String"), ("device", "signing-device", "String"))


def _drawing(consent: Node) -> bytes:
    """The drawn signature's bytes from `sourceAttachment`, b"" without one."""
    attachment = consent.get("sourceAttachment")
    if attachment is None:
        return b""
    if attachment.text("contentType") != "image/png":
        fail(attachment.at("contentType"), N_("expected a drawn signature as image/png"))
    try:
        return base64.b64decode(cast(str, attachment.text("data", required=True)), validate=True)
    except (binascii.Error, ValueError):
        return fail(attachment.at("data"), N_("expected base64 data"))


def _note(node: Node) -> str:
    """The resource's notes (the person's own words), joined; "" without any."""
    return "\n".join(text for n in node.items("note") if (text := n.text("text", required=True)))
