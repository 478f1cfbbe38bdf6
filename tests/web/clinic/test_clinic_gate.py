"""The gate at the clinic's pages: what the screening rules out is neither charted nor signed.

Each test walks the practitioner's pages as a browser posts them: chart a session, open it,
sign it; record a clearance; close a red flag. What is refused says why, next to the action.
"""

from __future__ import annotations

import ast
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from chart_posts import chart_post
from clinic_builders import chart, client_of, clinic_intake, published, signed_consent, today
from clinic_world import Side
from django.test import Client as Browser
from web_builders import person, reaction

from mesoplan.errors import ActionRefusedError
from mesoplan.web.clinic import charting
from mesoplan.web.clinic.models import AuditEvent, Client, ClinicReaction, ClinicSession

pytestmark = pytest.mark.django_db


@pytest.fixture
def dora(client: Browser, ours: Side) -> Browser:
    client.force_login(ours.practitioner)
    return client


def _client(ours: Side, **intake: object) -> Client:
    row = client_of(ours.organisation, "Claire Martin", by=ours.practitioner, intake=clinic_intake(**intake))
    signed_consent(row, published(ours.organisation, ours.admin), ours.front_desk)
    return row


def _chart(dora: Browser, ours: Side, row: Client, **fields: object) -> str:
    side = Side(ours.organisation, ours.admin, ours.practitioner, ours.front_desk, row, None, None, None,
                ours.membership)
    response = dora.post(f"/clinic/clients/{row.pk}/sessions/new/", chart_post(side, **fields))
    return response.content.decode() if response.status_code == 200 else response["Location"]


def _sign(dora: Browser, session: ClinicSession, **extra: str) -> str:
    response = dora.post(f"/clinic/sessions/{session.pk}/sign/", extra, follow=True)
    return response.content.decode()


def test_a_needle_longer_than_the_zone_allows_is_not_charted(dora: Browser, ours: Side) -> None:
    row = _client(ours)
    page = _chart(dora, ours, row, **{"zone-forehead-needle_mm": "1.5"})
    assert 'id="chart-refused"' in page
    assert "a 1.5 mm needle is longer than the 1 mm this zone allows" in page
    assert not row.sessions.exists()


def test_a_three_millimetre_forehead_draft_is_never_saved(dora: Browser, ours: Side) -> None:
    row = _client(ours)
    _chart(dora, ours, row, **{"zone-forehead-needle_mm": "3.0"})
    assert not row.sessions.exists()


def test_a_client_who_must_wait_after_a_peel_is_not_charted_before_the_wait_ends(dora: Browser, ours: Side) -> None:
    peel = today() - timedelta(days=5)
    row = _client(ours, procedures=[{"id": "chemical_peel_medium", "date": peel.isoformat()}])
    page = _chart(dora, ours, row)
    assert 'id="chart-refused"' in page and "chemical peel" in page and "Not before" in page
    assert not row.sessions.exists()


def test_after_the_wait_the_same_session_is_charted(ours: Side) -> None:
    peel = today() - timedelta(days=5)
    row = _client(ours, procedures=[{"id": "chemical_peel_medium", "date": peel.isoformat()}])
    with pytest.raises(ActionRefusedError):
        chart(row, ours.practitioner, day=today())
    assert chart(row, ours.practitioner, day=peel + timedelta(days=60)).pk


def test_a_product_the_client_is_allergic_to_is_not_charted(dora: Browser, ours: Side) -> None:
    row = _client(ours, allergies=["hyaluronic_acid"])
    page = _chart(dora, ours, row)
    assert "Hyaluronic acid: the screening rules this product out for this person" in page
    assert not row.sessions.exists()


def test_a_zone_that_was_never_screened_is_not_charted(dora: Browser, ours: Side) -> None:
    row = _client(ours)
    page = _chart(dora, ours, row, zones=("forehead", "neck"))
    assert "Neck: not in the intake, so never screened" in page
    assert not row.sessions.exists()


def test_a_client_without_an_intake_is_not_charted(dora: Browser, ours: Side) -> None:
    row = client_of(ours.organisation, "No Intake", by=ours.practitioner, intake=False)  # type: ignore[arg-type]
    page = _chart(dora, ours, row)
    assert "intake" in page and 'id="chart-refused"' in page
    assert not row.sessions.exists()


def test_a_consult_client_is_signed_only_after_a_recorded_clearance(dora: Browser, ours: Side) -> None:
    row = _client(ours, conditions=[{"id": "diabetes_insulin"}])
    session = chart(row, ours.practitioner)  # a draft: allowed, pending the clearance
    detail = dora.get(f"/clinic/sessions/{session.pk}/").content.decode()
    assert 'id="clearance-needed"' in detail and "Needs a recorded clearance" in detail
    refused = _sign(dora, session)
    assert "Signing refused" in refused
    session.refresh_from_db()
    assert not session.is_signed

    form = dora.get(f"/clinic/clients/{row.pk}/clearance/").content.decode()
    assert "insulin" in form.lower()
    response = dora.post(f"/clinic/clients/{row.pk}/clearance/", {
        "cleared_by": "Dr Anne Petit", "role": "doctor", "cleared_on": today().isoformat(),
        "note": "Diabetes well controlled; HbA1c 6.4 %. Cleared for microneedling."})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(client=row, action="clear").exists()

    signed = _sign(dora, session)
    assert "Session signed" in signed
    session.refresh_from_db()
    assert session.is_signed and session.clearance is not None
    assert session.clearance.cleared_by == "Dr Anne Petit"
    assert session.screening_digest and session.signed_knowledge_version


def test_a_clearance_covers_only_the_reasons_it_was_given_for(ours: Side) -> None:
    row = _client(ours, conditions=[{"id": "diabetes_insulin"}])
    row.clearances.create(rules=["cardiac_disease_consult"], cleared_by="Dr X", role="doctor",
                          cleared_on=today(), note="heart only")
    session = chart(row, ours.practitioner)
    with pytest.raises(ActionRefusedError) as refused:
        charting.sign(session, ours.practitioner, session.created_at)
    assert [f.rule for f in refused.value.findings] == ["diabetes_insulin_consult"]  # type: ignore[attr-defined]


def test_an_open_red_flag_blocks_every_new_session_until_a_practitioner_resolves_it(dora: Browser, ours: Side) -> None:
    row = _client(ours)
    draft = chart(row, ours.practitioner)
    flag = ClinicReaction.objects.create(client=row, date=today(), symptom="infection_signs", severity=3)
    assert "Signing refused" in _sign(dora, draft)
    assert 'id="open-flags"' in dora.get(f"/clinic/clients/{row.pk}/").content.decode()
    page = _chart(dora, ours, row)
    assert "A warning sign" in page and not row.sessions.exclude(pk=draft.pk).exists()

    dora.post(f"/clinic/reactions/{flag.pk}/flag/", {"step": "seen", "seen_on": today().isoformat(),
                                                     "note": "GP saw it, antibiotics."})
    assert "Signing refused" in _sign(dora, draft)  # a doctor's look alone does not close it

    dora.post(f"/clinic/reactions/{flag.pk}/flag/", {"step": "resolved", "note": "Healed, checked in person."})
    assert "Session signed" in _sign(dora, draft)
    assert AuditEvent.objects.filter(client=row, action="flag").count() == 2


def test_cautions_are_acknowledged_at_signing_and_the_acknowledgement_is_kept(dora: Browser, ours: Side) -> None:
    row = _client(ours, conditions=[{"id": "rosacea"}])
    draft = chart(row, ours.practitioner)
    detail = dora.get(f"/clinic/sessions/{draft.pk}/").content.decode()
    assert 'name="acknowledge"' in detail
    assert "Signing refused" in _sign(dora, draft)
    assert "Session signed" in _sign(dora, draft, acknowledge="on")
    draft.refresh_from_db()
    assert draft.is_signed and draft.cautions_acknowledged


def test_a_session_whose_client_changed_since_it_was_charted_is_refused_at_signing(ours: Side) -> None:
    row = _client(ours)
    draft = chart(row, ours.practitioner)
    intake = dict(row.intake)
    intake["conditions"] = [{"id": "herpes_active"}]
    Client.objects.filter(pk=row.pk).update(intake=intake)
    with pytest.raises(ActionRefusedError):
        charting.sign(ClinicSession.objects.get(pk=draft.pk), ours.practitioner, draft.created_at, acknowledged=True)


def test_charting_keeps_the_needle_within_the_zone_when_saved_from_code(ours: Side) -> None:
    row = _client(ours)
    location = row.organisation.locations.first()
    lines = [charting.ZoneLine("forehead", "professional_pen", Decimal("1.5"), 2)]
    with pytest.raises(ActionRefusedError):
        charting.save(row, charting.Chart(today(), "microneedling", location, ours.practitioner, "", "", lines, []),
                      ours.practitioner)


# Where a clinic session may be made or signed. charting.py asks the gate before each; an imported record
# is the history of sessions that happened elsewhere, recorded as it is (decisions item 11).
SESSION_WRITERS = {"web/clinic/charting.py", "web/clinic/record_import.py"}


def _session_writes(tree: ast.AST) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = ast.unparse(node.func)
            if name in ("ClinicSession", "ClinicSession.objects.create", "ClinicSession.objects.bulk_create",
                        "ClinicSession.objects.get_or_create", "ClinicSession.objects.update_or_create"):
                lines.append(node.lineno)
        elif isinstance(node, ast.Assign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any("signed_at" in ast.unparse(t) and "session" in ast.unparse(t).lower() for t in targets):
                lines.append(node.lineno)
    return lines


def test_nothing_but_charting_creates_or_signs_a_clinic_session() -> None:
    """A new path that makes or signs a session without asking the gate fails here."""
    root = Path(charting.__file__).resolve().parents[2]
    found = {}
    for path in root.rglob("*.py"):
        relative = path.relative_to(root).as_posix()
        if "/migrations/" in relative or relative in SESSION_WRITERS:
            continue
        lines = _session_writes(ast.parse(path.read_text(encoding="utf-8")))
        if lines:
            found[relative] = lines
    assert found == {}
    assert _session_writes(ast.parse(Path(charting.__file__).read_text(encoding="utf-8")))  # the check sees them


def test_a_red_flag_the_client_logged_at_home_holds_the_clinic_back_until_the_clinic_closes_it(
        dora: Browser, ours: Side) -> None:
    """One person, one life cycle (decisions item 1): a linked client's home diary flag blocks clinic sessions
    too, shows on the client's page, and the practitioner records the two steps there."""
    row = _client(ours)
    Client.objects.filter(pk=row.pk).update(user=person("claire"))
    row.refresh_from_db()
    draft = chart(row, ours.practitioner)
    flag = reaction(row.user, date=today(), symptom="infection_signs", severity=3)
    assert "Signing refused" in _sign(dora, draft)
    page = dora.get(f"/clinic/clients/{row.pk}/").content.decode()
    assert "logged by the client in their home diary" in page and f"/clinic/home-reactions/{flag.pk}/flag/" in page

    dora.post(f"/clinic/home-reactions/{flag.pk}/flag/", {"step": "seen", "seen_on": today().isoformat(),
                                                          "note": "GP saw it, antibiotics."})
    flag.refresh_from_db()
    assert flag.flag_status == "seen" and "Signing refused" in _sign(dora, draft)

    dora.post(f"/clinic/home-reactions/{flag.pk}/flag/", {"step": "resolved", "note": "Healed, checked in person."})
    flag.refresh_from_db()
    assert flag.flag_status == "resolved" and flag.flag_resolved_by and flag.flag_resolved_on == today()
    assert "Session signed" in _sign(dora, draft)
    assert AuditEvent.objects.filter(client=row, action="flag").count() == 2
    assert dora.get(f"/clinic/home-reactions/{flag.pk}/flag/").status_code == 404  # closed: no step left


def test_a_home_flag_form_with_a_mistake_changes_nothing(dora: Browser, ours: Side) -> None:
    row = _client(ours)
    Client.objects.filter(pk=row.pk).update(user=person("claire"))
    flag = reaction(Client.objects.get(pk=row.pk).user, date=today(), symptom="infection_signs", severity=3)
    page = dora.post(f"/clinic/home-reactions/{flag.pk}/flag/", {"step": "seen", "note": "no day given"})
    assert page.status_code == 200 and "Give the day the doctor saw it." in page.content.decode()
    flag.refresh_from_db()
    assert flag.flag_status == "open"
