"""FHIR R4B: everything a clinic stores about a client comes back, column by column, after an export and an import
into another clinic. The test reads every column of the tables a record travels in, so that a column added later
fails here until it is mapped or named below, with the reason it may differ."""

from __future__ import annotations

import hashlib
import importlib
import io
import json
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from clinic_builders import clinic, member, today
from clinic_world import Side
from django.apps import apps as django_apps
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import Client as Browser
from django.utils import timezone
from PIL import Image

from fhir_schema import schema_errors
from mesoplan import services
from mesoplan.web.clinic import charting, clients
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

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (120, 40), (0, 0, 0, 0)).save(out, "PNG")
    return out.getvalue()


PNG = _png()

# Columns not in the FHIR record yet: none. A column added later fails until it is mapped, or listed here
# (or below, with its reason).
# Columns not in the FHIR record yet: none. A column added later fails until it is mapped, or listed here
# (or below, with its reason).
NOT_CARRIED_YET: dict[type[models.Model], set[str]] = {Client: set(), ClinicSession: set(), ConsentSignature: set()}
# Columns allowed to differ after the import, and why. Any other column must come back as it was.
ROW_IDS = {"id"}  # the database's own keys
MAY_DIFFER: dict[type[models.Model], set[str]] = {
    # The clinic itself, the client's own account and the code to link it (a secret of each clinic), the
    # import's time, and this clinic's own screening of the intake (screened again on import: the time of it,
    # and whether a re-screen changed anything since).
    Client: ROW_IDS | {"organisation", "user", "link_code", "created_at", "updated_at", "screened_at",
                       "changed_at", "previous_verdict"} | NOT_CARRIED_YET[Client],
    # Accounts of the other clinic (their names travel: practitioner_name, signed_by_name), the clearance row
    # the gate relied on (a clearance is not part of the record), and the import's time.
    ClinicSession: ROW_IDS | {"practitioner", "signed_by", "created_by", "clearance", "created_at", "updated_at"}
    | NOT_CARRIED_YET[ClinicSession],
    SessionZone: ROW_IDS,
    ProductUse: ROW_IDS,
    SessionAmendment: ROW_IDS | {"author"},  # an account of the other clinic; its name travels (author_name)
    # Who logged the reaction and who closed its red flag: accounts of the other clinic; the import's time.
    ClinicReaction: ROW_IDS | {"logged_by", "flag_closed_by", "created_at"},
    PlannedEvent: ROW_IDS,
    # The consent text row is the other clinic's; the signature keeps its version and digest. Who captured it
    # and who confirmed a name that differs are accounts of the other clinic (the reason travels).
    ConsentSignature: ROW_IDS | {"consent_text", "captured_by", "name_confirmed_by"}
    | NOT_CARRIED_YET[ConsentSignature],
}
# Rows that point at other rows of the record are compared by what they point at, not by its key.
POINTED_BY = {Client: "record_id", ClinicSession: "record_id", Location: "name", ConsentSignature: "record_id"}


def _value(row: models.Model, field: models.Field[Any, Any]) -> Any:
    if isinstance(field, models.ForeignKey):
        target = getattr(row, field.name)
        related = field.related_model
        assert related in POINTED_BY, f"{type(row).__name__}.{field.name} points at {related}: map it or list it"
        return None if target is None else getattr(target, POINTED_BY[related])  # type: ignore[index]
    if isinstance(row, Client) and field.name == "intake":
        # The record carries the intake as read (its zones in the knowledge base's order, say): the same
        # intake may be written in another order, so it is compared by what it says.
        return services.parse_intake(row.intake)
    if isinstance(field, models.FileField):  # stored under a name of the importing clinic: compared by content
        file = getattr(row, field.name)
        if not file:
            return b""
        with file.open("rb") as stored:
            return stored.read()
    return getattr(row, field.attname)


def _columns(rows: list[Any]) -> list[dict[str, Any]]:
    """Every column of each row, but those allowed to differ."""
    found = []
    for row in rows:
        model = type(row)
        found.append({f.name: _value(row, f) for f in model._meta.concrete_fields if f.name not in MAY_DIFFER[model]})
    return found


def _stored(client: Client) -> dict[str, list[dict[str, Any]]]:
    """All the client's rows in the tables the record travels in, in a stable order."""
    sessions = list(ClinicSession.objects.filter(client=client).order_by("date", "record_id"))
    return {
        "Client": _columns([client]),
        "ClinicSession": _columns(sessions),
        "SessionZone": _columns(list(SessionZone.objects.filter(session__client=client)
                                     .order_by("session__date", "session__record_id", "position"))),
        "ProductUse": _columns(list(ProductUse.objects.filter(session__client=client)
                                    .order_by("session__date", "session__record_id", "position"))),
        "SessionAmendment": _columns(list(SessionAmendment.objects.filter(session__client=client)
                                          .order_by("session__date", "session__record_id", "created_at", "id"))),
        "ClinicReaction": _columns(list(ClinicReaction.objects.filter(client=client).order_by("date", "id"))),
        "PlannedEvent": _columns(list(PlannedEvent.objects.filter(client=client).order_by("position"))),
        "ConsentSignature": _columns(list(ConsentSignature.objects.filter(client=client).order_by("signed_at", "id"))),
    }


def _export_and_import(browser: Browser, side: Side) -> Client:
    browser.force_login(side.practitioner)
    exported = browser.get(f"/clinic/clients/{side.client.pk}/export/").content
    assert schema_errors(exported) == []
    other = clinic("Clinic Z", location="Elsewhere")
    importer: User = member(other, "admin", "z_admin")
    browser.force_login(importer)
    response = browser.post("/clinic/clients/import/", {
        "organisation": other.pk, "bundle": SimpleUploadedFile("c.json", exported, "application/fhir+json")})
    assert response.status_code == 302
    return Client.objects.get(organisation=other)


@pytest.fixture
def rich(ours: Side) -> Side:
    """A client with a bit of everything a clinic stores: two zones done differently, products with names and
    lots, an amendment, reactions with notes, a red flag followed up, a phone number, zones on the plan."""
    Client.objects.filter(pk=ours.client.pk).update(phone="+33 6 12 34 56 78")
    ours.client.refresh_from_db()
    location = Location.objects.create(organisation=ours.organisation, name="Second floor, room 3")
    lines = [charting.ZoneLine("forehead", "professional_pen", Decimal("0.5"), 2),
             charting.ZoneLine("cheeks", "dermaroller", None, 3)]
    products = [charting.ProductLine("hyaluronic_acid", "Hyal 2 %", "HA2311-B", today() + timedelta(days=90)),
                charting.ProductLine("hyaluronic_acid", "", "", None)]
    session = charting.save(ours.client, charting.Chart(ours.draft.date, "microneedling", location,
                                                        ours.practitioner, "", "Client tolerated well.", lines,
                                                        products), ours.practitioner, ours.draft)
    charting.amend(ours.session, ours.practitioner, "Called on day 2: redness fading.")
    ClinicReaction.objects.create(client=ours.client, session=session, date=session.date + timedelta(days=1),
                                  symptom="infection_signs", severity=4, notes="Warm, pus at two points.",
                                  flag_status="resolved", flag_seen_on=session.date + timedelta(days=2),
                                  flag_note="Seen by Dr Roy, antibiotics; healed.",
                                  flag_closed_at=timezone.now() - timedelta(hours=5))
    # a practitioner's choice of protocol, planned as the page plans it
    clients.set_protocol(Client.objects.get(pk=ours.client.pk), "quick_course", ours.practitioner, timezone.now())
    PlannedEvent.objects.filter(client=ours.client).update(zones=["forehead", "cheeks"])
    Client.objects.filter(pk=ours.client.pk).update(language="fr")
    text = ours.session.consent_signature.consent_text
    # As signed on the tablet: a drawing, the device, a name staff accepted (and why); and for a minor's
    # earlier consent, the guardian who signed.
    for minute, extra in ((2, {"signed_name": "Claire Martin-Roy", "name_differs_reason": "Married name since May",
                               "name_confirmed_by": ours.front_desk}),
                          (1, {"signed_name": "Anne Martin", "guardian_name": "Anne Martin",
                               "guardian_relation": "parent"})):
        signature = ConsentSignature(client=ours.client, consent_text=text, procedure=text.procedure,
                                     version=str(text.version), text_digest=text.digest, captured_by=ours.front_desk,
                                     signed_at=timezone.now() - timedelta(minutes=minute), device="Tablet/1.0",
                                     **extra)
        signature.drawing.save("signature.png", ContentFile(PNG), save=False)
        signature.drawing_digest = "sha256:" + hashlib.sha256(PNG).hexdigest()
        signature.save()
    ours.client.refresh_from_db()
    return ours


def test_every_stored_column_comes_back_after_an_export_and_an_import(client: Browser, rich: Side) -> None:
    before = _stored(rich.client)
    assert len(before["ClinicSession"]) == 2 and len(before["ClinicReaction"]) == 2
    assert before["SessionAmendment"] and before["PlannedEvent"]
    imported = _export_and_import(client, rich)
    after = _stored(imported)
    differ = [f"{table}[{i}].{name}: {value!r} became {row.get(name)!r}"
              for table, rows in before.items() for i, (was, row) in enumerate(zip(rows, after[table], strict=False))
              for name, value in was.items() if row.get(name) != value]
    assert not differ, "\n".join(differ)
    assert {table: len(rows) for table, rows in after.items()} == {table: len(rows) for table, rows in before.items()}


def test_each_zone_keeps_its_own_passes_device_and_needle(client: Browser, rich: Side) -> None:
    imported = _export_and_import(client, rich)
    draft = ClinicSession.objects.get(client=imported, record_id=rich.draft.record_id)
    zones = SessionZone.objects.filter(session=draft)
    assert [(z.zone, z.device_kind, z.needle_mm, z.passes) for z in zones.order_by("position")] == [
        ("forehead", "professional_pen", Decimal("0.50"), 2), ("cheeks", "dermaroller", None, 3)]


def test_the_imported_client_keeps_contact_products_signer_and_reaction_notes(client: Browser, rich: Side) -> None:
    imported = _export_and_import(client, rich)
    assert (imported.email, imported.phone) == ("a@example.org", "+33 6 12 34 56 78")
    assert ProductUse.objects.filter(session__client=imported, lot="HA2311-B", product_name="Hyal 2 %").exists()
    signed = ClinicSession.objects.get(client=imported, signed_at__isnull=False)
    assert signed.signed_by_name == "Dora Lee" and signed.location is not None
    assert signed.location.organisation == Organisation.objects.get(name="Clinic Z")
    assert sorted(r.notes for r in imported.reactions.all()) == ["Warm, pus at two points.", "reaction"]
    assert signed.amendments.get().note == "Called on day 2: redness fading."


def _upload_to_new_clinic(browser: Browser, data: bytes, name: str) -> Any:
    other = clinic(name)
    browser.force_login(member(other, "admin", f"{name.lower()}_admin"))
    return browser.post("/clinic/clients/import/", {
        "organisation": other.pk, "bundle": SimpleUploadedFile("c.json", data, "application/fhir+json")})


def test_a_bundle_from_before_the_lossless_mapping_still_imports(client: Browser, rich: Side) -> None:
    """Without the later elements, each zone takes the session's device and passes, as before (decision 10)."""
    client.force_login(rich.practitioner)
    bundle = json.loads(client.get(f"/clinic/clients/{rich.client.pk}/export/").content)
    for entry in bundle["entry"]:
        resource = entry["resource"]
        for site in resource.get("bodySite", []):
            site.pop("extension", None)
        for key in ("telecom", "location", "text"):
            resource.pop(key, None)
        if resource["resourceType"] == "Procedure" and resource.get("identifier"):  # a session: no procedure code
            resource["code"].pop("coding", None)
    response = _upload_to_new_clinic(client, json.dumps(bundle).encode(), "Older")
    assert response.status_code == 302
    imported = Client.objects.get(organisation__name="Older")
    draft = ClinicSession.objects.get(client=imported, record_id=rich.draft.record_id)
    assert [(z.device_kind, z.passes) for z in draft.zones.order_by("position")] == [
        ("professional_pen", 3), ("professional_pen", 3)]
    assert imported.phone == "" and draft.location is None and draft.procedure == "microneedling"


@pytest.mark.parametrize(("where", "problem"), [
    ("amendment", "sessions[0].amendments[0].at: an amendment cannot be dated in the future"),
    ("draft", "sessions[1].amendments[0].at: only a signed session has amendments"),
])
def test_an_amendment_dated_in_the_future_or_on_a_draft_is_refused(
        client: Browser, rich: Side, where: str, problem: str) -> None:
    client.force_login(rich.practitioner)
    bundle = json.loads(client.get(f"/clinic/clients/{rich.client.pk}/export/").content)
    sessions = [e["resource"] for e in bundle["entry"]
                if e["resource"]["resourceType"] == "Procedure" and e["resource"].get("identifier")]
    signed = next(s for s in sessions if any(n.get("time") for n in s.get("note", [])))
    if where == "amendment":
        next(n for n in signed["note"] if n.get("time"))["time"] = "2999-01-01T10:00:00+00:00"
    else:
        draft = next(s for s in sessions if s is not signed)
        draft.setdefault("note", []).append({"time": "2026-01-01T10:00:00+00:00", "text": "Added later."})
    response = _upload_to_new_clinic(client, json.dumps(bundle).encode(), "Refusing")
    assert response.status_code == 200 and problem in response.content.decode()
    assert not Client.objects.filter(organisation__name="Refusing").exists()


def test_a_session_signed_before_signers_were_named_gets_its_signers_name(ours: Side) -> None:
    migration = importlib.import_module("mesoplan.web.clinic.migrations.0014_session_signer_name")
    models.QuerySet(ClinicSession).filter(pk=ours.session.pk).update(signed_by_name="")  # as stored before
    migration.name_signers(django_apps, None)
    ours.session.refresh_from_db()
    assert ours.session.signed_by_name == "Dora Lee"
    assert ClinicSession.objects.get(pk=ours.draft.pk).signed_by_name == ""  # a draft has no signer


def test_the_consents_drawing_guardian_and_reason_and_the_clients_language_come_back(
        client: Browser, rich: Side) -> None:
    imported = _export_and_import(client, rich)
    assert imported.language == "fr"
    signatures = {s.signed_name: s for s in ConsentSignature.objects.filter(client=imported)}
    accepted, minor = signatures["Claire Martin-Roy"], signatures["Anne Martin"]
    assert accepted.name_differs_reason == "Married name since May" and accepted.device == "Tablet/1.0"
    assert (minor.guardian_name, minor.guardian_relation) == ("Anne Martin", "parent")
    with accepted.drawing.open("rb") as stored:
        assert stored.read() == PNG
    assert accepted.drawing.name.startswith(f"clinic/{imported.organisation_id}/consent/")
    signed = ClinicSession.objects.get(client=imported, signed_at__isnull=False)
    assert signed.consent_signature is not None
    assert signed.consent_signature.record_id == rich.session.consent_signature.record_id


def _bundle(browser: Browser, side: Side) -> dict[str, Any]:
    browser.force_login(side.practitioner)
    return dict(json.loads(browser.get(f"/clinic/clients/{side.client.pk}/export/").content))


def _consents(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Consent"]


def test_the_language_is_the_patients_preferred_communication_in_bcp_47(client: Browser, rich: Side) -> None:
    patient = _bundle(client, rich)["entry"][0]["resource"]
    assert patient["communication"] == [
        {"language": {"coding": [{"system": "urn:ietf:bcp:47", "code": "fr"}]}, "preferred": True}]


@pytest.mark.parametrize(("change", "problem"), [
    (lambda c: c["sourceAttachment"].update(data="bm90IGEgcG5n"), "consents[1].drawing: expected a PNG drawing"),
    (lambda c: next(e for e in c["extension"] if e["url"].endswith("/drawing-digest")).update(valueString="sha256:0"),
     "consents[1].drawing_digest: the drawing does not match its digest"),
    (lambda c: next(e for e in c["extension"] if e["url"].endswith("/guardian-relation")).update(
        valueCode="neighbour"),
     "consents[1].guardian_relation: expected one of: guardian, parent"),
])
def test_a_drawing_that_is_not_a_png_or_not_its_digest_or_an_unknown_guardian_is_refused(
        client: Browser, rich: Side, change: Any, problem: str) -> None:
    bundle = _bundle(client, rich)
    change(_consents(bundle)[1])  # the minor's, signed by a parent, with a drawing
    response = _upload_to_new_clinic(client, json.dumps(bundle).encode(), "Refusing")
    assert response.status_code == 200 and problem in response.content.decode()
    assert not Client.objects.filter(organisation__name="Refusing").exists()


def test_a_language_this_site_does_not_speak_leaves_the_clinics_default(client: Browser, rich: Side) -> None:
    bundle = _bundle(client, rich)
    bundle["entry"][0]["resource"]["communication"][0]["language"]["coding"][0]["code"] = "de-AT"
    assert _upload_to_new_clinic(client, json.dumps(bundle).encode(), "German").status_code == 302
    assert Client.objects.get(organisation__name="German").language == ""


def test_a_chosen_protocol_the_screening_here_does_not_allow_leaves_the_planners_choice(
        client: Browser, rich: Side) -> None:
    """Another clinic's choice never overrides what the screening rules out: a home course for a clinic intake."""
    bundle = _bundle(client, rich)
    plan = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "CarePlan")
    chosen = next(x for x in plan["extension"] if x["url"].endswith("/protocol"))
    assert chosen["valueCode"] == "quick_course"
    chosen["valueCode"] = "home_course"
    assert _upload_to_new_clinic(client, json.dumps(bundle).encode(), "Elsewhere").status_code == 302
    assert Client.objects.get(organisation__name="Elsewhere").protocol == ""
