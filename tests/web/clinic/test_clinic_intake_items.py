"""The free-text "other medicine" on the clinic's intake page: a professional must look at it, and
the session is signed only once a recorded clearance covers it (issue 13)."""

from __future__ import annotations

import pytest
from clinic_builders import chart, client_of, clinic_intake, published, signed_consent, today
from clinic_world import Side
from django.test import Client
from web_builders import intake_post

from mesoplan.errors import ActionRefusedError
from mesoplan.web.clinic import charting

pytestmark = pytest.mark.django_db


def test_another_medicine_on_the_clinic_intake_is_signed_only_after_a_recorded_clearance(
        client: Client, ours: Side) -> None:
    added = client_of(ours.organisation, "Nina", intake=False)  # type: ignore[arg-type]
    client.force_login(ours.practitioner)
    data = intake_post(setting="clinic", start=today().isoformat(), **{"medications-0-id": "other_medication",
                                                                       "medications-0-note": "methotrexate weekly"})
    response = client.post(f"/clinic/clients/{added.pk}/intake/", data)
    added.refresh_from_db()
    assert response.status_code == 302 and added.verdict == "consult"
    assert added.intake["medications"] == [{"id": "other_medication", "note": "methotrexate weekly"}]

    row = client_of(ours.organisation, "Claire", by=ours.practitioner,
                    intake=clinic_intake(medications=[{"id": "other_medication", "note": "methotrexate"}]))
    signed_consent(row, published(ours.organisation, ours.admin), ours.front_desk)
    session = chart(row, ours.practitioner)
    with pytest.raises(ActionRefusedError) as refused:
        charting.sign(session, ours.practitioner, session.created_at)
    assert [f.rule for f in refused.value.findings] == ["other_medication_review"]  # type: ignore[attr-defined]
    row.clearances.create(rules=["other_medication_review"], cleared_by="Dr X", role="doctor",
                          cleared_on=today(), note="reviewed: low dose, stable")
    session.refresh_from_db()
    charting.sign(session, ours.practitioner, session.created_at)
    session.refresh_from_db()
    assert session.is_signed


def test_the_client_page_shows_each_reasons_evidence_grade(client: Client, ours: Side) -> None:
    row = client_of(ours.organisation, "Ines", by=ours.practitioner,
                    intake=clinic_intake(conditions=[{"id": "autoimmune_disease"}]))
    client.force_login(ours.practitioner)
    html = client.get(f"/clinic/clients/{row.pk}/").content.decode()
    assert "Evidence grade C:" in html


def test_the_clearance_form_and_the_client_page_show_the_clients_own_words(client: Client, ours: Side) -> None:
    row = client_of(ours.organisation, "Olga", by=ours.practitioner,
                    intake=clinic_intake(conditions=[{"id": "other_condition", "note": "Raynaud's phenomenon"}]))
    client.force_login(ours.practitioner)
    assert "Raynaud&#x27;s phenomenon" in client.get(f"/clinic/clients/{row.pk}/").content.decode()
    assert "Raynaud&#x27;s phenomenon" in client.get(f"/clinic/clients/{row.pk}/clearance/").content.decode()


def test_the_practitioner_records_an_inr_and_no_session_is_charted_above_the_limit_even_with_a_clearance(
        client: Client, ours: Side) -> None:
    added = client_of(ours.organisation, "Rosa", intake=False)  # type: ignore[arg-type]
    client.force_login(ours.practitioner)
    data = intake_post(setting="clinic", start=today().isoformat(),
                       **{"medications-0-id": "anticoagulant", "medications-0-prescribed": "on",
                          "medications-0-inr": "3.9"})
    response = client.post(f"/clinic/clients/{added.pk}/intake/", data)
    added.refresh_from_db()
    assert response.status_code == 302 and added.verdict == "stop"
    assert added.intake["medications"] == [{"id": "anticoagulant", "prescribed": True, "inr": 3.9}]
    assert "Your recorded INR is 3.9" in client.get(f"/clinic/clients/{added.pk}/").content.decode()

    signed_consent(added, published(ours.organisation, ours.admin), ours.front_desk)
    added.clearances.create(rules=["anticoagulant_prescriber", "anticoagulant_inr_above"], cleared_by="Dr X",
                            role="doctor", cleared_on=today(), note="prescriber agrees")
    with pytest.raises(ActionRefusedError) as refused:
        chart(added, ours.practitioner)
    assert "anticoagulant_inr_above" in [f.rule for f in refused.value.findings]  # type: ignore[attr-defined]
