"""The vocabulary of mesoplan's FHIR R4B mapping, shared by the exporter and the importer.

Code systems, extensions and identifier systems live under https://mesoplan.org/fhir,
a project-owned namespace; the codes are the knowledge base's ids. `check_bindings`
does what fhir.resources does not: it checks statuses against their R4B value sets.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from typing import Any, Final
from urllib.parse import quote

from pydantic import ValidationError

from mesoplan.core.i18n import N_
from mesoplan.core.knowledge import Knowledge
from mesoplan.core.plan_model import EVENT_KINDS
from mesoplan.errors import IntakeError

Json = dict[str, Any]

BASE: Final = "https://mesoplan.org/fhir"
NAMESPACE: Final = uuid.uuid5(uuid.NAMESPACE_URL, BASE)
CONSENT_FORM: Final = f"{BASE}/consent-form/"
UCUM: Final = "http://unitsofmeasure.org"
GENDER: Final = "http://hl7.org/fhir/administrative-gender"
LANGUAGE: Final = "urn:ietf:bcp:47"  # Patient.communication.language: BCP 47 tags, as R4B binds it
CONDITION_CLINICAL: Final = "http://terminology.hl7.org/CodeSystem/condition-clinical"
ALLERGY_CLINICAL: Final = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical"
AE_SEVERITY: Final = "http://terminology.hl7.org/CodeSystem/adverse-event-severity"
CONSENT_SCOPE: Final = "http://terminology.hl7.org/CodeSystem/consentscope"
DATA_ABSENT: Final = "http://hl7.org/fhir/StructureDefinition/data-absent-reason"
# An empty zone list (applies to no zone) told apart from no list (applies everywhere).
NO_ZONES: Final[Json] = {"extension": [{"url": DATA_ABSENT, "valueCode": "not-applicable"}]}
SESSION_CODE: Final[Json] = {"text": "Microneedling or mesotherapy session"}
PATIENT_CONSENT: Final[Json] = {"coding": [{"system": "http://loinc.org", "code": "59284-0",
                                            "display": "Patient Consent"}]}

FACTS: Final = {"age": "Age at intake", "sex": "Sex at intake", "fitzpatrick": "Fitzpatrick skin type",
                "pregnant": "Pregnant", "breastfeeding": "Breastfeeding"}
# A reaction's red-flag follow-up (decisions item 1): carried by the extension `flag-status`.
FLAG_STATUSES: Final = ("open", "seen", "resolved")
DEVICE_PROPERTIES: Final = {"needle-length": "Needle length", "needle-count": "Number of needles",
                            "uses": "Uses so far", "uses-before": "Uses before the diary"}

# The R4B required bindings of the statuses this mapping uses: fhir.resources does not check codes.
# (resource type, element path) → (code system for a CodeableConcept, or None for a code; allowed codes)
BINDINGS: Final[dict[str, dict[str, tuple[str | None, frozenset[str]]]]] = {
    "Bundle": {"type": (None, frozenset({"document", "message", "transaction", "transaction-response", "batch",
                                          "batch-response", "history", "searchset", "collection"}))},
    "Patient": {"gender": (None, frozenset({"male", "female", "other", "unknown"})),
                "telecom.system": (None, frozenset({"phone", "fax", "email", "pager", "url", "sms", "other"}))},
    "Observation": {"status": (None, frozenset({"registered", "preliminary", "final", "amended", "corrected",
                                                 "cancelled", "entered-in-error", "unknown"}))},
    "Condition": {"clinicalStatus": (CONDITION_CLINICAL, frozenset({"active", "recurrence", "relapse", "inactive",
                                                                     "remission", "resolved"}))},
    "MedicationStatement": {"status": (None, frozenset({"active", "completed", "entered-in-error", "intended",
                                                         "stopped", "on-hold", "unknown", "not-taken"}))},
    "AllergyIntolerance": {"clinicalStatus": (ALLERGY_CLINICAL, frozenset({"active", "inactive", "resolved"}))},
    "Goal": {"lifecycleStatus": (None, frozenset({"proposed", "planned", "accepted", "active", "on-hold", "completed",
                                                   "cancelled", "entered-in-error", "rejected"}))},
    "Device": {"status": (None, frozenset({"active", "inactive", "entered-in-error", "unknown"}))},
    "Procedure": {"status": (None, frozenset({"preparation", "in-progress", "not-done", "on-hold", "stopped",
                                               "completed", "entered-in-error", "unknown"}))},
    "AdverseEvent": {"actuality": (None, frozenset({"actual", "potential"})),
                     "severity": (AE_SEVERITY, frozenset({"mild", "moderate", "severe"}))},
    "CarePlan": {"status": (None, frozenset({"draft", "active", "on-hold", "revoked", "completed", "entered-in-error",
                                              "unknown"})),
                 "intent": (None, frozenset({"proposal", "plan", "order", "option"})),
                 "activity.detail.status": (None, frozenset({"not-started", "scheduled", "in-progress", "on-hold",
                                                              "completed", "cancelled", "stopped", "unknown",
                                                              "entered-in-error"}))},
    "Consent": {"status": (None, frozenset({"draft", "proposed", "active", "rejected", "inactive",
                                             "entered-in-error"})),
                "scope": (CONSENT_SCOPE, frozenset({"adr", "research", "patient-privacy", "treatment"})),
                "provision.type": (None, frozenset({"deny", "permit"}))},
}


def code_system(name: str) -> str:
    """The URI of one of mesoplan's code systems (`zone`, `condition`...)."""
    return f"{BASE}/CodeSystem/{name}"


def extension_url(name: str) -> str:
    """The URI of one of mesoplan's extensions (`needle-length`, `session-date`...)."""
    return f"{BASE}/StructureDefinition/{name}"


def identifier_system(name: str) -> str:
    """The URI of one of mesoplan's identifier systems (`client`, `session`, `device`, `consent`)."""
    return f"{BASE}/identifier/{name}"


def vocabularies(knowledge: Knowledge) -> dict[str, Mapping[str, str]]:
    """Each mesoplan code system: its codes and their English names."""
    def category(name: str) -> dict[str, str]:
        return {e.id: e.name for e in knowledge.vocabulary.values() if e.category == name}
    return {
        "zone": {z.id: z.name for z in knowledge.zones.values()},
        "condition": category("condition"), "medication": category("medication"), "procedure": category("procedure"),
        "goal": {g.id: g.name for g in knowledge.goals.values()},
        "ingredient": {i.id: i.name for i in knowledge.ingredients.values()},
        "device-kind": {d.id: d.name for d in knowledge.devices.values()},
        "side-effect": {s.id: s.name for s in knowledge.side_effects.values()},
        "setting": {"home": "Home", "clinic": "Clinic"},
        "event-kind": {kind: kind.capitalize() for kind in EVENT_KINDS},
        "intake-fact": FACTS, "device-property": DEVICE_PROPERTIES,
    }


def severity_code(severity: int) -> str:
    """The diary's 1–5 severity on AdverseEvent's three-step scale."""
    return "mild" if severity <= 2 else "moderate" if severity == 3 else "severe"


def consent_policy(procedure: str, version: str) -> str:
    """The policy URI of one version of one procedure's consent text."""
    return CONSENT_FORM + quote(procedure, safe="") + "/" + quote(version, safe="")


def _found(node: Any, keys: list[str], path: str) -> Iterator[tuple[str, Any]]:
    if isinstance(node, list):
        for i, item in enumerate(node):
            yield from _found(item, keys, f"{path}[{i}]")
    elif not keys:
        yield path, node
    elif isinstance(node, dict) and keys[0] in node:
        yield from _found(node[keys[0]], keys[1:], f"{path}.{keys[0]}")


def check_bindings(bundle: Json) -> None:
    """Check the statuses of a bundle (JSON data) against their R4B value sets. Raises `IntakeError`."""
    resources = [("", bundle)] + [(f"entry[{i}].resource", e.get("resource"))
                                  for i, e in enumerate(bundle.get("entry") or []) if isinstance(e, dict)]
    for prefix, resource in resources:
        if not isinstance(resource, dict):
            continue
        for element, (system, codes) in BINDINGS.get(str(resource.get("resourceType")), {}).items():
            for path, value in _found(resource, element.split("."), prefix):
                coded = value.get("coding") if isinstance(value, dict) else None
                ok = (value in codes if system is None else isinstance(coded, list) and any(
                    isinstance(c, dict) and c.get("system") == system and c.get("code") in codes for c in coded))
                if not ok:
                    problem = N_("expected one of the codes of {system}: {code}") if system else \
                        N_("expected one of the codes: {code}")
                    listed = ", ".join(sorted(codes))
                    raise IntakeError(path.lstrip("."), problem, params={"system": system, "code": listed})


def invalid(error: ValidationError) -> IntakeError:
    """A fhir.resources validation error as an `IntakeError` naming the first field at fault."""
    first = error.errors()[0]
    path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in first["loc"]).lstrip(".")
    if first["type"] == "extra_forbidden":
        return IntakeError(path or "bundle", N_("not an element of FHIR R4B (a bundle of another FHIR version?)"))
    # pydantic's own words (English): the path names the place, the words stay as the validator wrote them
    return IntakeError(path or "bundle", N_("not valid here: {reason}"), params={"reason": str(first["msg"])})
