"""FHIR R4B export and import of one client's record: valid R4B, every resource asked for, an exact round trip.

The rich record below has something of every kind; the property tests generate
records and damaged bundles. Every resource is checked with fhir.resources' R4B
models, never the default R5 ones.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mesoplan.core.intake import Condition, Intake
from mesoplan.core.intake_parser import IntakeParser
from mesoplan.core.plan_model import EVENT_KINDS
from mesoplan.core.record import ChartedSession, ClientRecord, ConsentRecord, PlannedItem, ProductUse
from mesoplan.core.tracking_models import LoggedDevice, LoggedReaction, LoggedSession
from mesoplan.errors import IntakeError
from mesoplan.exports.fhir import export_bundle
from mesoplan.exports.fhir_codes import identifier_system
from mesoplan.exports.fhir_import import import_bundle
from profiles import examples
from strategies import DEVICES, KB, PROCEDURES, SERUMS, ZONES, dates, intakes

PARSER = IntakeParser(KB)
PARIS = timezone(timedelta(hours=1))
Json = dict[str, Any]


def day(n: int) -> date:
    """Day `n` of the course: day 0 is 1 December 2026."""
    return date(2026, 12, 1) + timedelta(days=n)


def rich_record() -> ClientRecord:
    """A clinic client with something of every kind the bundle carries."""
    intake = PARSER.parse({
        "setting": "clinic", "start": "2026-12-01", "zones": ["forehead", "cheeks", "neck"],
        "person": {"age": 41, "sex": "female", "fitzpatrick": 4, "pregnant": False, "breastfeeding": False},
        "goals": ["fine_lines", "acne_scars"],
        "conditions": [{"id": "eczema", "zones": ["cheeks", "neck"], "since": "2019-05-01"},
                       {"id": "common_cold", "until": "2026-11-28"}, "herpes_simplex_history",
                       {"id": "other_condition", "note": "Sjögren's syndrome"}],
        "medications": [{"id": "isotretinoin", "stopped": "2026-05-01"}, {"id": "aspirin", "prescribed": True},
                        {"id": "antibiotic", "until": "2026-11-30"},
                        {"id": "anticoagulant", "prescribed": True, "inr": 2.4},
                        {"id": "other_medication", "note": "hydroxychloroquine 200 mg", "prescribed": True}],
        "procedures": [{"id": "botulinum_toxin", "date": "2026-11-20", "zones": ["forehead"]}, "chemical_peel"],
        "allergies": ["lidocaine", "nickel"], "serums": ["hyaluronic_acid", "peptides"],
        "device": {"kind": "professional_pen", "needle_mm": 1.0, "needles": 12, "first_used": "2026-10-01",
                   "uses": 3},
    })
    pen = LoggedDevice("pen-1", "professional_pen", 1.5, day(-60), uses_before=4, last_sanitised=day(0))
    roller = LoggedDevice("roller-7", "dermaroller", 0.25, day(-30), retired_on=day(20))
    sessions = (
        ChartedSession("s-1", LoggedSession(day(0), "clinic", ("forehead", "cheeks"), 1.0, "pen-1", 3,
                                            "hyaluronic_acid"),
                       needle_by_zone=(("forehead", 0.5), ("cheeks", 1.0)),
                       products=(ProductUse("hyaluronic_acid", "HA-2291", date(2027, 6, 30)),
                                 ProductUse("vitamin_cocktail", "VC-17")),
                       anaesthetic="lidocaine 5 % cream", practitioner="Dr Ana Ruiz", notes="Tolerated well.",
                       signed_at=datetime(2026, 12, 1, 11, 30, tzinfo=PARIS)),
        ChartedSession("s-2", LoggedSession(day(28), "clinic", ("cheeks", "neck"), 1.5, "pen-1"),
                       needle_by_zone=(("neck", 0.75),), products=(ProductUse("peptides", "", date(2027, 1, 31)),),
                       practitioner="Dr Ana Ruiz", signed_at=datetime(2026, 12, 29, 9, 5, 12, tzinfo=UTC)),
        ChartedSession("s-3", LoggedSession(day(35), "home", ("forehead",), 0.25, "roller-7")),
    )
    reactions = (
        LoggedReaction(day(1), "redness", 2),
        LoggedReaction(day(3), "infection_signs", 3, session_date=day(0)),
        LoggedReaction(day(29), "swelling", 5),
        LoggedReaction(day(30), "dryness_flaking", 1, session_date=day(28)),
    )
    plan = (PlannedItem(day(-7), "prep", "Stop retinol"), PlannedItem(day(0), "session", "Session 1 of 3"),
            PlannedItem(day(1), "aftercare", "Sun protection"), PlannedItem(day(28), "session", ""))
    consents = (
        ConsentRecord("c-1", "microneedling", "2026-03", "sha256:9f86d08188", "Maria Lopez",
                      datetime(2026, 11, 30, 17, 0, tzinfo=PARIS)),
        ConsentRecord("c-2", "mesotherapy", "v2/fr", "sha256:60303ae22b", "Maria Lopez",
                      datetime(2026, 12, 1, 10, 45, 30, 250000, tzinfo=UTC)),
    )
    return ClientRecord("client-0042", "Maria Lopez", date(1985, 4, 12), "female", intake, sessions,
                        (pen, roller), reactions, plan, consents)


RICH = rich_record()
RICH_BYTES = export_bundle(RICH, KB)
RICH_JSON: Json = json.loads(RICH_BYTES)


def resources(bundle: Json, kind: str) -> list[Json]:
    """The bundle's resources of one type, in order."""
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def index_of(bundle: Json, kind: str, n: int = 0) -> int:
    """The entry index of the `n`-th resource of one type."""
    return [i for i, e in enumerate(bundle["entry"]) if e["resource"]["resourceType"] == kind][n]


def session_procedure(bundle: Json, session_id: str) -> tuple[str, Json]:
    """The fullUrl and Procedure of one charted session."""
    for entry in bundle["entry"]:
        if {"system": identifier_system("session"), "value": session_id} in entry["resource"].get("identifier", []):
            return entry["fullUrl"], entry["resource"]
    raise AssertionError(session_id)


def references(value: Any) -> Iterator[str]:
    """Every `reference` string anywhere in a JSON value."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from [item] if key == "reference" and isinstance(item, str) else references(item)
    elif isinstance(value, list):
        for item in value:
            yield from references(item)


def test_every_resource_validates_with_the_r4b_models() -> None:
    """Each entry's resource is accepted by its fhir.resources R4B class and written back unchanged."""
    for entry in RICH_JSON["entry"]:
        model = get_fhir_model_class(entry["resource"]["resourceType"]).model_validate(entry["resource"])
        assert json.loads(model.model_dump_json()) == entry["resource"]


def test_the_bundle_parses_with_the_r4b_bundle_model() -> None:
    """fhir.resources' R4B `Bundle.model_validate_json` reads the bytes as a collection of every entry."""
    bundle = Bundle.model_validate_json(RICH_BYTES)
    entries = bundle.entry or []
    assert (bundle.type, len(entries)) == ("collection", len(RICH_JSON["entry"]))
    assert type(entries[0].resource).__module__ == "fhir.resources.R4B.patient"


def test_the_bundle_has_every_resource_type_the_issue_asks_for() -> None:
    """Patient, conditions, medications, allergies, procedures, devices, the care plan, reactions and consents."""
    kinds = {e["resource"]["resourceType"] for e in RICH_JSON["entry"]}
    assert kinds >= {"Patient", "Condition", "MedicationStatement", "AllergyIntolerance", "Procedure", "Device",
                     "CarePlan", "Observation", "AdverseEvent", "Consent"}
    counts = {kind: len(resources(RICH_JSON, kind)) for kind in ("Condition", "AllergyIntolerance", "Consent")}
    assert counts == {"Condition": 4, "AllergyIntolerance": 2, "Consent": 2}


def test_every_reference_resolves_within_the_bundle() -> None:
    """Each reference names the fullUrl of an entry, and every fullUrl is a distinct urn:uuid."""
    urls = [e["fullUrl"] for e in RICH_JSON["entry"]]
    assert len(set(urls)) == len(urls) and all(u.startswith("urn:uuid:") for u in urls)
    found = list(references(RICH_JSON))
    assert found and set(found) <= set(urls)


def test_import_gives_back_the_exact_record() -> None:
    """Export then import returns a record equal to the original, field for field."""
    assert import_bundle(RICH_BYTES, KB) == RICH


def test_the_same_record_always_gives_the_same_compact_bytes() -> None:
    """The export is deterministic and compact: no spaces between JSON tokens."""
    assert export_bundle(rich_record(), KB) == RICH_BYTES
    assert json.dumps(RICH_JSON, separators=(",", ":"), ensure_ascii=False).encode() == RICH_BYTES


def test_a_session_carries_its_zones_needles_products_device_and_practitioner() -> None:
    """The first session: a body site per zone with its needle, lots and expiry, the pen, the anaesthetic."""
    _, procedure = session_procedure(RICH_JSON, "s-1")
    sites = [(s["coding"][0]["code"], s["extension"][0]["valueQuantity"]["value"]) for s in procedure["bodySite"]]
    assert sites == [("forehead", 0.5), ("cheeks", 1.0)]
    assert (procedure["status"], procedure["performedDateTime"]) == ("completed", "2026-12-01")
    assert procedure["performer"] == [{"actor": {"display": "Dr Ana Ruiz"}}]
    by_url = {e["fullUrl"]: e["resource"] for e in RICH_JSON["entry"]}
    used = [by_url[r["reference"]] for r in procedure["usedReference"]]
    assert [u["resourceType"] for u in used] == ["Device", "Medication", "Medication"]
    assert used[1]["batch"] == {"lotNumber": "HA-2291", "expirationDate": "2027-06-30"}
    assert used[0]["identifier"][0]["value"] == "pen-1"


def test_a_red_flag_is_an_adverse_event_linked_to_its_session() -> None:
    """Signs of infection become an AdverseEvent whose suspect is the session it followed."""
    session_url, _ = session_procedure(RICH_JSON, "s-1")
    events = resources(RICH_JSON, "AdverseEvent")
    [infection] = [a for a in events if a["event"]["coding"][0]["code"] == "infection_signs"]
    assert infection["suspectEntity"] == [{"instance": {"reference": session_url}}]
    assert (infection["actuality"], infection["severity"]["coding"][0]["code"]) == ("actual", "moderate")


def test_an_expected_reaction_is_an_observation_of_the_latest_session_before_it() -> None:
    """Redness on day 1 names no session: it is an Observation, part of the session of day 0."""
    session_url, _ = session_procedure(RICH_JSON, "s-1")
    redness = next(o for o in resources(RICH_JSON, "Observation") if o["code"]["coding"][0]["code"] == "redness")
    assert (redness["valueInteger"], redness["partOf"]) == (2, [{"reference": session_url}])


def test_medication_statuses_follow_stopped_and_until() -> None:
    """Stopped is completed, a planned last dose or none is active, a serum is intended."""
    statuses = [(m["medicationCodeableConcept"]["coding"][0]["code"], m["status"], m.get("effectivePeriod"))
                for m in resources(RICH_JSON, "MedicationStatement")]
    assert statuses == [("antibiotic", "active", {"end": "2026-11-30"}), ("anticoagulant", "active", None),
                        ("aspirin", "active", None),
                        ("isotretinoin", "completed", {"end": "2026-05-01"}), ("other_medication", "active", None),
                        ("hyaluronic_acid", "intended", None), ("peptides", "intended", None)]


def test_an_anticoagulants_inr_rides_as_mesoplans_own_extension_and_comes_back() -> None:
    """No LOINC code could be checked here (decisions item 12): the INR is a decimal extension."""
    statement = next(m for m in resources(RICH_JSON, "MedicationStatement")
                     if m["medicationCodeableConcept"]["coding"][0]["code"] == "anticoagulant")
    assert {"url": "https://mesoplan.org/fhir/StructureDefinition/inr", "valueDecimal": 2.4} in statement["extension"]
    assert next(m for m in import_bundle(RICH_BYTES, KB).intake.medications if m.id == "anticoagulant").inr == 2.4


def test_conditions_carry_body_sites_onset_and_abatement() -> None:
    """Eczema on two zones since 2019; a cold with an expected end is abated, hence resolved (R4B con-4)."""
    cold, eczema, _, _ = resources(RICH_JSON, "Condition")
    assert [s["coding"][0]["code"] for s in eczema["bodySite"]] == ["cheeks", "neck"]
    assert (eczema["onsetDateTime"], eczema["clinicalStatus"]["coding"][0]["code"]) == ("2019-05-01", "active")
    assert (cold["abatementDateTime"], cold["clinicalStatus"]["coding"][0]["code"]) == ("2026-11-28", "resolved")


def test_an_empty_zone_list_comes_back_empty_rather_than_absent() -> None:
    """A condition on no zone and one on every zone stay apart through FHIR."""
    conditions = (Condition("eczema", zones=()), Condition("rosacea"))
    record = ClientRecord("c", "", None, None, Intake("home", day(0), conditions=conditions))
    assert import_bundle(export_bundle(record, KB), KB).intake.conditions == conditions


texts = st.text(st.characters(categories=("L", "N", "P", "S"), include_characters=" "), min_size=1, max_size=12)
maybe_texts = st.text(st.characters(categories=("L", "N", "P", "S"), include_characters=" "), max_size=12)
# Round lengths, and any other: a float must come back as the same float.
needle_lengths = st.sampled_from([0.2, 0.25, 0.5, 1.0, 1.5]) | st.floats(0.05, 5.0)
moments = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31),
                       timezones=st.sampled_from([UTC, PARIS, timezone(timedelta(hours=-5, minutes=-30))]))


@st.composite
def charted_sessions(draw: st.DrawFn, session_id: str, device_ids: list[str]) -> ChartedSession:
    """A charted session with needles on some of its zones, in the session's order."""
    zones = tuple(draw(st.lists(st.sampled_from(ZONES), max_size=3, unique=True)))
    needled = [(z, draw(needle_lengths)) for z in zones if draw(st.booleans())]
    device = draw(st.none() | st.sampled_from(device_ids)) if device_ids else None
    session = LoggedSession(draw(dates), draw(st.sampled_from(["home", "clinic"])), zones,
                            draw(st.none() | needle_lengths), device,
                            draw(st.none() | st.integers(1, 12)), draw(st.none() | st.sampled_from(SERUMS)))
    products = draw(st.lists(st.builds(ProductUse, st.sampled_from(sorted(KB.ingredients)), maybe_texts,
                                       st.none() | dates), max_size=2))
    return ChartedSession(session_id, session, tuple(needled), tuple(products), draw(st.none() | texts),
                          draw(st.none() | texts), draw(maybe_texts), draw(st.none() | moments))


@st.composite
def records(draw: st.DrawFn) -> ClientRecord:
    """Any valid record: a parsed intake, a diary whose references hold, plan items and consents."""
    device_ids = draw(st.lists(texts, max_size=3, unique=True))
    devices = tuple(LoggedDevice(i, draw(st.sampled_from(DEVICES)), draw(st.none() | needle_lengths),
                                 draw(st.none() | dates), draw(st.integers(0, 50)), draw(st.none() | dates),
                                 draw(st.none() | dates)) for i in device_ids)
    sessions = tuple(draw(charted_sessions(i, device_ids)) for i in draw(st.lists(texts, max_size=3, unique=True)))
    reactions = []
    for _ in range(draw(st.integers(0, 3))):
        when = draw(dates)
        back = draw(st.none() | st.integers(0, 40))
        after = None if back is None else when - timedelta(days=back)
        reactions.append(LoggedReaction(when, draw(st.sampled_from(sorted(KB.side_effects))), draw(st.integers(1, 5)),
                                        after))
    plan = draw(st.lists(st.builds(PlannedItem, dates, st.sampled_from(EVENT_KINDS), maybe_texts), max_size=4))
    consents = tuple(ConsentRecord(i, draw(st.sampled_from(PROCEDURES)), draw(maybe_texts), draw(texts), draw(texts),
                                   draw(moments)) for i in draw(st.lists(texts, max_size=2, unique=True)))
    return ClientRecord(draw(texts), draw(maybe_texts), draw(st.none() | dates),
                        draw(st.none() | st.sampled_from(["female", "male", "other"])), PARSER.parse(draw(intakes())),
                        sessions, devices, tuple(reactions), tuple(plan), consents)


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records())
def test_any_record_comes_back_equal_after_export_and_import(record: ClientRecord) -> None:
    """Generated records, with any ids and texts, survive the round trip exactly."""
    assert import_bundle(export_bundle(record, KB), KB) == record


def edit(change: Callable[[Json], None]) -> bytes:
    """The rich bundle with one change made to its JSON."""
    bundle = json.loads(RICH_BYTES)
    change(bundle)
    return json.dumps(bundle).encode()


CONDITION, ADVERSE = index_of(RICH_JSON, "Condition"), index_of(RICH_JSON, "AdverseEvent")
SESSION = [e["fullUrl"] for e in RICH_JSON["entry"]].index(session_procedure(RICH_JSON, "s-1")[0])


def _r5_procedure(b: Json) -> None:
    resource = b["entry"][SESSION]["resource"]
    resource["occurrenceDateTime"] = resource.pop("performedDateTime")


def _unknown_zone(b: Json) -> None:
    b["entry"][CONDITION + 1]["resource"]["bodySite"][0]["coding"][0]["code"] = "cheek"


def _two_patients(b: Json) -> None:
    b["entry"].append({**b["entry"][0], "fullUrl": "urn:uuid:00000000-0000-0000-0000-000000000001"})


def _dangling(b: Json) -> None:
    b["entry"][SESSION]["resource"]["usedReference"][0]["reference"] = "urn:uuid:00000000-0000-0000-0000-000000000000"


def _bad_status(b: Json) -> None:
    b["entry"][SESSION]["resource"]["status"] = "done"


def _severity(b: Json) -> None:
    b["entry"][ADVERSE]["resource"]["extension"][-1]["valueInteger"] = 9


def _naive_time(b: Json) -> None:
    b["entry"][-1]["resource"]["dateTime"] = "2026-12-01T10:45:30"


def _other_type(b: Json) -> None:
    b["entry"][1]["resource"] = {"resourceType": "Encounter", "status": "finished"}


def _no_start(b: Json) -> None:
    del b["entry"][index_of(b, "CarePlan")]["resource"]["period"]


MALFORMED: list[tuple[str, bytes, str]] = [
    ("not JSON", b"{\"resourceType\": ", "bundle"),
    ("not a bundle", json.dumps({"resourceType": "Patient"}).encode(), "resourceType"),
    ("an R5 element", edit(_r5_procedure), f"entry[{SESSION}].resource.occurrenceDateTime"),
    ("an unknown zone", edit(_unknown_zone), f"entry[{CONDITION + 1}].resource.bodySite[0].coding[0].code"),
    ("two patients", edit(_two_patients), "entry"),
    ("a reference to nothing", edit(_dangling), f"entry[{SESSION}].resource.usedReference[0].reference"),
    ("a status outside R4B's value set", edit(_bad_status), f"entry[{SESSION}].resource.status"),
    ("a severity of 9", edit(_severity), f"entry[{ADVERSE}].resource.extension[1].valueInteger"),
    ("a time without a zone", edit(_naive_time), f"entry[{len(RICH_JSON['entry']) - 1}].resource.dateTime"),
    ("a resource type the mapping does not use", edit(_other_type), "entry[1].resource.resourceType"),
    ("a care plan without a start", edit(_no_start), f"entry[{index_of(RICH_JSON, 'CarePlan')}].resource.period"),
]


@pytest.mark.parametrize(("data", "field"), [(d, f) for _, d, f in MALFORMED], ids=[n for n, _, _ in MALFORMED])
def test_a_malformed_bundle_raises_an_intake_error_naming_the_field(data: bytes, field: str) -> None:
    """Bad input gives an IntakeError whose field is the path of the mistake in the bundle."""
    with pytest.raises(IntakeError) as caught:
        import_bundle(data, KB)
    assert caught.value.field == field


def test_an_unknown_zone_is_answered_with_the_closest_known_ids() -> None:
    """A misspelt zone suggests the zone it resembles."""
    with pytest.raises(IntakeError) as caught:
        import_bundle(edit(_unknown_zone), KB)
    assert "cheeks" in caught.value.suggestions


def _paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(value, dict):
        items: Iterator[tuple[Any, Any]] = iter(value.items())
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return
    for key, item in items:
        yield (*path, key)
        yield from _paths(item, (*path, key))


PATHS = list(_paths(RICH_JSON))
junk = st.none() | st.booleans() | st.integers(-3, 3) | st.floats(allow_nan=False) | st.sampled_from(
    ["", "x", "2026-13-01", "urn:uuid:1", "Patient", "elbow", "active", {}, [], [{}], {"coding": []}])


@settings(max_examples=examples(100), deadline=None)
@given(st.sampled_from(PATHS), st.booleans(), junk)
def test_a_damaged_bundle_imports_or_raises_only_an_intake_error(path: tuple[Any, ...], drop: bool,
                                                                  value: Any) -> None:
    """Dropping or replacing any one element never escapes as another exception."""
    bundle = json.loads(RICH_BYTES)
    parent = bundle
    for key in path[:-1]:
        parent = parent[key]
    if drop:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    try:
        assert isinstance(import_bundle(json.dumps(bundle).encode(), KB), ClientRecord)
    except IntakeError as error:
        assert error.field


def test_export_refuses_a_signature_time_without_a_time_zone() -> None:
    """A naive signing time cannot be written as an R4B dateTime: the field is named."""
    consent = RICH.consents[0]
    naive = ConsentRecord(consent.id, consent.procedure, consent.version, consent.text_digest, consent.signed_name,
                          consent.signed_at.replace(tzinfo=None))
    record = ClientRecord(RICH.id, RICH.name, RICH.birth_date, RICH.sex, RICH.intake, consents=(naive,))
    with pytest.raises(IntakeError, match="time zone") as caught:
        export_bundle(record, KB)
    assert caught.value.field == "consents[0].signed_at"


def test_export_refuses_needles_on_zones_out_of_the_session_order() -> None:
    """Needles listed in another order than the session's zones would not come back equal."""
    charted = RICH.sessions[0]
    swapped = ChartedSession(charted.id, charted.session, tuple(reversed(charted.needle_by_zone)))
    record = ClientRecord(RICH.id, RICH.name, None, None, RICH.intake, sessions=(swapped,), devices=RICH.devices)
    with pytest.raises(IntakeError) as caught:
        export_bundle(record, KB)
    assert caught.value.field == "sessions[0].needle_by_zone"


def test_a_note_in_the_persons_own_words_travels_as_the_resources_note() -> None:
    """"Other condition" and "other medicine" keep their free text (issue 13) through export and import."""
    notes = {r["resourceType"]: r["note"] for r in resources(RICH_JSON, "Condition") + resources(RICH_JSON,
             "MedicationStatement") if "note" in r}
    assert notes == {"Condition": [{"text": "Sjögren's syndrome"}],
                     "MedicationStatement": [{"text": "hydroxychloroquine 200 mg"}]}
