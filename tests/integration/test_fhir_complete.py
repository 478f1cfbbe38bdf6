"""FHIR R4B: the record's later fields (per-zone passes and devices, contact, product names, location, signer,
amendments, reaction notes and follow-ups, planned zones) survive the round trip, and every resource says in
plain English what it is."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

import pytest
from fhir.resources.R4B.bundle import Bundle
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_fhir import RICH, RICH_BYTES, maybe_texts, moments, records, texts

from fhir_schema import schema_errors
from mesoplan.core.record import Amendment, ChartedSession, ClientRecord, ProductUse, ReactionFollowUp
from mesoplan.exports.fhir import _ext, export_bundle
from mesoplan.exports.fhir_codes import BASE, extension_url
from mesoplan.exports.fhir_definitions import published_urls
from mesoplan.exports.fhir_import import import_bundle
from profiles import examples
from strategies import DEVICES, KB, PROCEDURES, ZONES, dates


@st.composite
def completed(draw: st.DrawFn, session: ChartedSession) -> ChartedSession:
    """The session with the fields records gained later, drawn."""
    zones = session.session.zones
    amendments = draw(st.lists(st.builds(Amendment, moments, maybe_texts, texts), max_size=2))
    return replace(
        session,
        passes_by_zone=tuple((z, draw(st.integers(1, 50))) for z in zones if draw(st.booleans())),
        device_by_zone=tuple((z, draw(st.sampled_from(DEVICES))) for z in zones if draw(st.booleans())),
        products=tuple(replace(p, name=draw(maybe_texts)) for p in session.products),
        procedure=draw(st.none() | st.sampled_from(PROCEDURES)), location=draw(st.none() | texts),
        signed_by=draw(st.none() | texts), amendments=tuple(amendments),
        screening_digest=draw(maybe_texts), knowledge_version=draw(maybe_texts), policy_version=draw(maybe_texts),
        cautions_acknowledged=draw(st.booleans()))


@st.composite
def complete_records(draw: st.DrawFn) -> ClientRecord:
    record: ClientRecord = draw(records())
    follow_ups = [ReactionFollowUp(draw(maybe_texts), draw(st.sampled_from(["open", "seen", "resolved"])),
                                   draw(st.none() | dates), draw(maybe_texts), draw(st.none() | moments))
                  for _ in record.reactions]
    return replace(record, sessions=tuple(draw(completed(s)) for s in record.sessions),
                   plan_events=tuple(replace(e, zones=tuple(draw(st.lists(st.sampled_from(ZONES), max_size=3))))
                                     for e in record.plan_events),
                   email=draw(maybe_texts), phone=draw(maybe_texts), follow_ups=tuple(follow_ups),
                   intake_taken_on=draw(st.none() | dates))


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(complete_records())
def test_any_record_with_every_later_field_comes_back_equal_and_passes_the_official_schema(
        record: ClientRecord) -> None:
    data = export_bundle(record, KB)
    assert schema_errors(data) == []
    assert import_bundle(data, KB) == record


def test_the_rich_and_full_bundles_pass_the_official_r4b_json_schema() -> None:
    assert schema_errors(RICH_BYTES) == [] and schema_errors(FULL_JSON) == []


@pytest.mark.parametrize(("element", "value"), [("birthDate", "12/04/1985"), ("colour", "blue"),
                                               ("text", {"status": "generated"})])
def test_the_official_schema_finds_what_r4b_forbids(element: str, value: object) -> None:
    broken = json.loads(RICH_BYTES)
    broken["entry"][0]["resource"][element] = value
    assert schema_errors(broken) != []


def _full() -> ClientRecord:
    """The rich record with notes on its reactions, a followed-up red flag and an amended session."""
    first = RICH.sessions[0]
    amended = replace(first, amendments=(Amendment(first.signed_at + timedelta(days=1), "Dr Ana Ruiz",  # type: ignore[operator]
                                                   "Called: redness fading."),),
                      products=(replace(first.products[0], name="Hyal <2 %> & co"), *first.products[1:]),
                      location="Room 2", signed_by="Dr Ana Ruiz", procedure="microneedling")
    follow = (ReactionFollowUp("Mild, as expected."),
              ReactionFollowUp("Warm, pus at two points.", "resolved", RICH.reactions[1].date, "Antibiotics; healed.",
                               first.signed_at + timedelta(days=5)))  # type: ignore[operator]
    return replace(RICH, name="Maria <b>Lopez</b>", sessions=(amended, *RICH.sessions[1:]), follow_ups=follow,
                   email="maria@example.org", phone="+33 6 00 00 00 00")


FULL = _full()
FULL_JSON = json.loads(export_bundle(FULL, KB))


def _resources(kind: str) -> list[dict[str, object]]:
    return [e["resource"] for e in FULL_JSON["entry"] if e["resource"]["resourceType"] == kind]


def test_every_resource_has_a_generated_english_narrative() -> None:
    for entry in FULL_JSON["entry"]:
        text = entry["resource"]["text"]
        assert text["status"] == "generated"
        assert text["div"].startswith('<div xmlns="http://www.w3.org/1999/xhtml"><p>')
        assert text["div"].endswith("</p></div>")
    assert Bundle.model_validate(FULL_JSON).entry is not None


def test_a_narrative_escapes_what_the_clinic_typed() -> None:
    patient = _resources("Patient")[0]["text"]["div"]  # type: ignore[index]
    assert "Client Maria &lt;b&gt;Lopez&lt;/b&gt;, born 1985-04-12" in patient
    products = [m["text"]["div"] for m in _resources("Medication")]  # type: ignore[index]
    assert any("Product used: Hyal &lt;2 %&gt; &amp; co, lot HA-2291" in div for div in products)


def test_a_session_narrative_names_the_procedure_day_and_zones() -> None:
    divs = [p["text"]["div"] for p in _resources("Procedure")]  # type: ignore[index]
    assert any("Session: Microneedling (an earlier session) on 2026-12-01 (Forehead, Cheeks)" in div
               for div in divs), divs
    assert any("Session: Microneedling or mesotherapy session on 2026-12-29 (Cheeks, Neck)" in div for div in divs)
    assert any("Earlier procedure (from the intake): Botulinum toxin (Botox) on 2026-11-20 (Forehead)" in div
               for div in divs)


def test_reaction_notes_travel_on_the_observation_and_the_adverse_event() -> None:
    observation = _resources("Observation")
    assert any(o.get("note") == [{"text": "Mild, as expected."}] for o in observation)
    adverse = _resources("AdverseEvent")[0]
    extensions = {e["url"]: e for e in adverse["extension"]}  # type: ignore[union-attr, index]
    assert extensions[extension_url("note")]["valueString"] == "Warm, pus at two points."
    assert extensions[extension_url("flag-status")]["valueCode"] == "resolved"


def test_an_amendment_is_a_dated_note_by_its_author_after_the_session_notes() -> None:
    session = next(p for p in _resources("Procedure") if p.get("identifier"))
    notes = session["note"]
    assert notes[0] == {"text": "Tolerated well."}  # type: ignore[index]
    assert notes[1]["authorString"] == "Dr Ana Ruiz" and notes[1]["text"] == "Called: redness fading."  # type: ignore[index]


def test_the_full_record_comes_back_equal() -> None:
    assert import_bundle(export_bundle(FULL, KB), KB) == FULL


def test_a_product_name_does_not_hide_its_ingredient() -> None:
    medication = _resources("Medication")[0]
    code = medication["code"]
    assert code["text"] == "Hyal <2 %> & co" and code["coding"][0]["code"] == "hyaluronic_acid"  # type: ignore[index]
    assert ProductUse("hyaluronic_acid", "HA-2291").name == ""


def _mesoplan_urls(value: object) -> set[str]:
    """Every code system and extension URL of mesoplan's that a bundle uses."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("system", "url") and isinstance(item, str) and item.startswith(
                    (f"{BASE}/CodeSystem/", f"{BASE}/StructureDefinition/")):
                found.add(item)
            found |= _mesoplan_urls(item)
    elif isinstance(value, list):
        for item in value:
            found |= _mesoplan_urls(item)
    return found


def test_every_code_system_and_extension_a_bundle_uses_is_published() -> None:
    used = _mesoplan_urls(FULL_JSON)
    assert len(used) > 20 and used <= set(published_urls(KB)), used - set(published_urls(KB))


def test_an_extension_the_definitions_do_not_list_cannot_be_exported() -> None:
    with pytest.raises(KeyError):
        _ext("unpublished", "String", "x")
    with pytest.raises(ValueError, match="valueInteger"):
        _ext("passes", "String", "3")
