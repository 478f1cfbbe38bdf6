"""mesoplan's own FHIR code systems and extensions, published as R4B `CodeSystem` and `StructureDefinition`.

Both are made from what the mapping uses: the code systems from `vocabularies` (the
knowledge base's ids and English names), the extensions from `EXTENSIONS`, which the
exporter must go through (`fhir._ext` refuses a name or value type not listed there). So
what is published cannot drift from what the bundles carry. The web app serves them at
their canonical paths (docs/fhir.md).
"""

from __future__ import annotations

from typing import Final, NamedTuple

from fhir.resources.R4B.codesystem import CodeSystem
from fhir.resources.R4B.structuredefinition import StructureDefinition

from mesoplan.core.knowledge import Knowledge
from mesoplan.exports.fhir_codes import Json, code_system, extension_url, vocabularies
from mesoplan.exports.fhir_text import generated as _text

FHIR_VERSION: Final = "4.3.0"  # R4B
PUBLISHER: Final = "mesoplan"


class Extension(NamedTuple):
    kind: str  # the value[x] type, as in `valueQuantity`: "Quantity"
    contexts: tuple[str, ...]  # FHIRPath of the elements it may sit on
    meaning: str


_SESSION = ("Procedure",)
_REACTION = ("Observation", "AdverseEvent")
EXTENSIONS: Final[dict[str, Extension]] = {
    "prescribed": Extension("Boolean", ("MedicationStatement",), "The medicine was prescribed by a doctor."),
    "inr": Extension("Decimal", ("MedicationStatement",),
                     "The latest INR blood result recorded with an anticoagulant (mesoplan's own: no LOINC code "
                     "could be checked here)."),
    "first-used": Extension("Date", ("Device",), "The day the device was first used."),
    "last-sanitised": Extension("Date", ("Device",), "The day the device was last cleaned and disinfected."),
    "retired-on": Extension("Date", ("Device",), "The day the device was put out of use."),
    "needle-length": Extension("Quantity", ("Procedure", "Procedure.bodySite"),
                               "The needle length in mm: of the session, or of one zone."),
    "passes": Extension("Integer", ("Procedure", "Procedure.bodySite"),
                        "Passes made over the skin: the most of any zone, or those over one zone."),
    "device-kind": Extension("CodeableConcept", ("Procedure.bodySite",), "The kind of device used on one zone."),
    "anaesthetic": Extension("String", _SESSION, "The topical anaesthetic, as charted."),
    "signed-at": Extension("DateTime", _SESSION, "When the practitioner signed the session (then it is locked)."),
    "signed-by": Extension("String", _SESSION, "The name of who signed the session."),
    "screening-digest": Extension("String", _SESSION, "A digest of the screening the session was signed against."),
    "knowledge-version": Extension("String", _SESSION, "The knowledge base version in force at signing."),
    "policy-version": Extension("String", _SESSION, "The clinic policy version in force at signing."),
    "cautions-acknowledged": Extension("Boolean", _SESSION, "The screening's cautions were acknowledged at signing."),
    "session-date": Extension("Date", _REACTION, "The day of the session the reaction followed."),
    "severity-score": Extension("Integer", ("AdverseEvent",), "How bad the reaction felt, 1 (mild) to 5 (severe)."),
    "note": Extension("String", ("AdverseEvent",), "Notes on the reaction (R4B has no AdverseEvent.note)."),
    "flag-status": Extension("Code", _REACTION, "Where a red flag's follow-up stands: seen (by a doctor) or resolved."),
    "flag-seen-on": Extension("Date", _REACTION, "The day a doctor saw the red flag."),
    "flag-note": Extension("String", _REACTION, "The note on the red flag's follow-up."),
    "flag-closed-at": Extension("DateTime", _REACTION, "When a practitioner marked the red flag resolved."),
    "zone": Extension("CodeableConcept", ("CarePlan", "CarePlan.activity.detail"),
                      "A zone to treat: of the whole plan, or of one planned item."),
    "intake-device": Extension("Reference", ("CarePlan",), "The device the client has, as the intake says."),
    "protocol": Extension("Code", ("CarePlan",),
                          "The protocol a practitioner chose for the course (mesoplan's protocol id); absent: the "
                          "planner's choice for the intake."),
    "consent": Extension("Reference", _SESSION, "The signed consent the session relied on."),
    "text-digest": Extension("String", ("Consent",), "A digest of the consent text signed, such as sha256:…"),
    "name-differs-reason": Extension("String", ("Consent",),
                                     "Why staff accepted a signed name that is not the client's own."),
    "guardian-name": Extension("String", ("Consent",), "The parent or guardian who signed for a minor."),
    "guardian-relation": Extension("Code", ("Consent",), "The guardian's relation to the minor: parent or guardian."),
    "drawing-digest": Extension("String", ("Consent",),
                                "A digest of the drawn signature (Consent.sourceAttachment), such as sha256:…"),
    "signing-device": Extension("String", ("Consent",), "The device the consent was signed on, as it named itself."),
}
_TYPE_CODES: Final = {"Boolean": "boolean", "Decimal": "decimal", "Date": "date", "DateTime": "dateTime",
                      "Integer": "integer", "String": "string", "Code": "code", "Quantity": "Quantity",
                      "Reference": "Reference", "CodeableConcept": "CodeableConcept"}


def _pascal(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("-"))


def code_system_resource(name: str, knowledge: Knowledge) -> Json:
    """One of mesoplan's code systems as an R4B CodeSystem, every code with its English name.

    Raises:
        KeyError: no code system of that name.
    """
    codes = vocabularies(knowledge)[name]
    title = f"mesoplan {name.replace('-', ' ')} codes"
    resource = {
        "resourceType": "CodeSystem", "id": name, "text": _text(f"{title}: {len(codes)} codes, {', '.join(codes)}"),
        "url": code_system(name), "version": knowledge.version, "name": f"Mesoplan{_pascal(name)}", "title": title,
        "status": "active", "experimental": False, "publisher": PUBLISHER,
        "description": f"The {name.replace('-', ' ')} ids of mesoplan's knowledge base, with their English names.",
        "caseSensitive": True, "content": "complete", "count": len(codes),
        "concept": [{"code": code, "display": display} for code, display in sorted(codes.items())]}
    return CodeSystem.model_validate(resource).model_dump(mode="json", exclude_none=True)


def structure_definition(name: str) -> Json:
    """One of mesoplan's extensions as an R4B StructureDefinition (a simple extension, one value type).

    Raises:
        KeyError: no extension of that name.
    """
    ext = EXTENSIONS[name]
    url = extension_url(name)
    resource = {
        "resourceType": "StructureDefinition", "id": name, "text": _text(f"Extension {name}: {ext.meaning}"),
        "url": url, "name": _pascal(name), "title": f"mesoplan {name}", "status": "active", "experimental": False,
        "publisher": PUBLISHER, "description": ext.meaning, "fhirVersion": FHIR_VERSION, "kind": "complex-type",
        "abstract": False, "context": [{"type": "element", "expression": c} for c in ext.contexts],
        "type": "Extension", "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Extension",
        "derivation": "constraint",
        "differential": {"element": [
            {"id": "Extension", "path": "Extension", "short": ext.meaning, "definition": ext.meaning, "max": "1"},
            {"id": "Extension.extension", "path": "Extension.extension", "max": "0"},
            {"id": "Extension.url", "path": "Extension.url", "fixedUri": url},
            {"id": "Extension.value[x]", "path": "Extension.value[x]", "min": 1,
             "type": [{"code": _TYPE_CODES[ext.kind]}]}]}}
    return StructureDefinition.model_validate(resource).model_dump(
        mode="json", exclude_none=True)


def published_urls(knowledge: Knowledge) -> list[str]:
    """The canonical URL of everything published: each code system, then each extension."""
    return [code_system(name) for name in vocabularies(knowledge)] + [extension_url(name) for name in EXTENSIONS]
