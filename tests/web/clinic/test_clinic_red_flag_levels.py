"""A red flag's life cycle at the clinic (decisions item 1, issue 13): a doctor's look (`seen`) lifts the
block on new sessions only where the knowledge base says it suffices; otherwise a practitioner closes it."""

from __future__ import annotations

import pytest
from clinic_builders import chart, client_of, clinic_intake, published, signed_consent, today
from clinic_world import Side
from django.test import Client as Browser

from mesoplan.web.clinic.models import Client, ClinicReaction, ClinicSession

pytestmark = pytest.mark.django_db


@pytest.fixture
def dora(client: Browser, ours: Side) -> Browser:
    client.force_login(ours.practitioner)
    return client


def _client(ours: Side) -> Client:
    row = client_of(ours.organisation, "Claire Martin", by=ours.practitioner, intake=clinic_intake())
    signed_consent(row, published(ours.organisation, ours.admin), ours.front_desk)
    return row


def _sign(dora: Browser, session: ClinicSession, **extra: str) -> str:
    return dora.post(f"/clinic/sessions/{session.pk}/sign/", extra, follow=True).content.decode()


def _seen(dora: Browser, flag: ClinicReaction) -> None:
    dora.post(f"/clinic/reactions/{flag.pk}/flag/", {"step": "seen", "seen_on": today().isoformat(),
                                                     "note": "Seen by the GP."})


def test_dizziness_seen_by_a_doctor_no_longer_blocks_signing_once_acknowledged(dora: Browser, ours: Side) -> None:
    row = _client(ours)
    draft = chart(row, ours.practitioner)
    flag = ClinicReaction.objects.create(client=row, date=today(), symptom="dizziness", severity=3)
    assert "Signing refused" in _sign(dora, draft)
    _seen(dora, flag)
    assert "Session signed" in _sign(dora, draft, acknowledge="on")


def test_hives_seen_by_a_doctor_still_block_until_a_practitioner_closes_them(dora: Browser, ours: Side) -> None:
    row = _client(ours)
    draft = chart(row, ours.practitioner)
    flag = ClinicReaction.objects.create(client=row, date=today(), symptom="hives", severity=2)
    _seen(dora, flag)
    assert "Signing refused" in _sign(dora, draft, acknowledge="on")
    dora.post(f"/clinic/reactions/{flag.pk}/flag/", {"step": "resolved", "note": "Chlorhexidine; now avoided."})
    assert "Session signed" in _sign(dora, draft, acknowledge="on")


def test_the_clinic_reaction_form_offers_the_allergic_reactions(dora: Browser, ours: Side) -> None:
    row = _client(ours)
    page = dora.get(f"/clinic/clients/{row.pk}/reactions/new/")
    assert page.status_code == 200
    body = page.content.decode()
    for symptom in ("breathing_difficulty", "lip_eyelid_swelling", "hives"):
        assert f'value="{symptom}"' in body
