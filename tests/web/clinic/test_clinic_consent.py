"""Consent: versioned texts, the client's signature on the version they saw, and no signed session without it."""

from __future__ import annotations

import pytest
from clinic_builders import published
from clinic_world import Side
from django.contrib.auth.models import User
from django.test import Client as Browser

from mesoplan.web.clinic import consent
from mesoplan.web.clinic.models import ConsentSignature, SessionAmendment

pytestmark = pytest.mark.django_db


def _sign_page(side: Side) -> str:
    return f"/clinic/clients/{side.client.pk}/consent/microneedling/"


def test_publishing_a_new_version_makes_the_earlier_signature_stale(ours: Side) -> None:
    assert consent.is_current(ours.client, "microneedling")
    second = published(ours.organisation, ours.admin, text="Version two.")
    assert second.version == 2 and not consent.is_current(ours.client, "microneedling")


def test_signing_is_refused_without_a_current_consent_and_the_session_stays_a_draft(
        client: Browser, ours: Side) -> None:
    published(ours.organisation, ours.admin, text="Version two.")
    client.force_login(ours.practitioner)
    response = client.post(f"/clinic/sessions/{ours.draft.pk}/sign/", follow=True)
    assert "has not signed the current consent for Microneedling" in response.content.decode()
    ours.draft.refresh_from_db()
    assert not ours.draft.is_signed


def test_signing_is_refused_when_no_text_was_ever_published(client: Browser, ours: Side) -> None:
    ours.draft.procedure = "mesotherapy"
    ours.draft.save()
    client.force_login(ours.practitioner)
    client.post(f"/clinic/sessions/{ours.draft.pk}/sign/")
    ours.draft.refresh_from_db()
    assert not ours.draft.is_signed


def test_with_a_current_consent_the_practitioner_signs(client: Browser, ours: Side) -> None:
    client.force_login(ours.practitioner)
    response = client.post(f"/clinic/sessions/{ours.draft.pk}/sign/", follow=True)
    assert "Session signed." in response.content.decode()
    ours.draft.refresh_from_db()
    assert ours.draft.is_signed and ours.draft.signed_by == ours.practitioner


def test_the_front_desk_takes_the_signature_on_the_version_shown(client: Browser, ours: Side) -> None:
    second = published(ours.organisation, ours.admin, text="Version two, to read.")
    client.force_login(ours.front_desk)
    html = client.get(_sign_page(ours)).content.decode()
    assert "Version two, to read." in html and f'value="{second.pk}"' in html
    client.post(_sign_page(ours), {"text_id": second.pk, "agree": "on", "signed_name": " Client  a "})
    signature = ConsentSignature.objects.filter(client=ours.client).order_by("-pk").first()
    assert (signature.version, signature.signed_name, signature.text_digest) == ("2", "Client a", second.digest)
    assert signature.captured_by == ours.front_desk and consent.is_current(ours.client, "microneedling")


def test_a_signature_on_a_version_replaced_while_reading_is_refused(client: Browser, ours: Side) -> None:
    shown = published(ours.organisation, ours.admin, text="Version two.")
    published(ours.organisation, ours.admin, text="Version three.")
    client.force_login(ours.front_desk)
    response = client.post(_sign_page(ours), {"text_id": shown.pk, "agree": "on", "signed_name": "Client a"},
                           follow=True)
    assert "A newer version of this text has been published" in response.content.decode()
    assert not consent.is_current(ours.client, "microneedling")


@pytest.mark.parametrize(("data", "message"), [
    ({"signed_name": "Client a"}, "This field is required."),
    ({"agree": "on", "signed_name": "   "}, "This field is required."),
])
def test_a_signature_without_agreement_or_name_is_refused_by_the_field(
        client: Browser, ours: Side, data: dict[str, str], message: str) -> None:
    text = published(ours.organisation, ours.admin, text="Version two.")
    client.force_login(ours.front_desk)
    response = client.post(_sign_page(ours), {"text_id": text.pk, **data})
    assert response.status_code == 200 and message in response.content.decode()
    assert not consent.is_current(ours.client, "microneedling")


def test_the_client_signs_from_her_own_account(client: Browser, ours: Side, ana: User) -> None:
    text = published(ours.organisation, ours.admin, text="Version two.")
    client.force_login(ana)
    assert "Read and sign" in client.get("/clinic/me/").content.decode()
    client.post(f"/clinic/me/{ours.client.pk}/consent/microneedling/",
                {"text_id": text.pk, "agree": "on", "signed_name": "client A"})
    assert consent.is_current(ours.client, "microneedling")
    assert ConsentSignature.objects.filter(client=ours.client).order_by("-pk").first().captured_by == ana


def test_an_amendment_is_appended_and_the_signed_session_stays_as_signed(client: Browser, ours: Side) -> None:
    client.force_login(ours.practitioner)
    client.post(f"/clinic/sessions/{ours.session.pk}/amend/", {"note": "Redness gone.", "photo_kind": "after"})
    client.post(f"/clinic/sessions/{ours.session.pk}/amend/", {"note": "Seen again.", "photo_kind": "after"})
    notes = list(SessionAmendment.objects.filter(session=ours.session).values_list("note", "author_name"))
    assert notes == [("Redness gone.", "Dora Lee"), ("Seen again.", "Dora Lee")]
    ours.session.refresh_from_db()
    assert ours.session.notes == "signed notes"
    assert "Redness gone." in client.get(f"/clinic/sessions/{ours.session.pk}/").content.decode()


def test_a_draft_is_changed_not_amended(client: Browser, ours: Side) -> None:
    client.force_login(ours.practitioner)
    response = client.post(f"/clinic/sessions/{ours.draft.pk}/amend/", {"note": "x", "photo_kind": "after"},
                           follow=True)
    assert "not signed yet" in response.content.decode()
    assert not SessionAmendment.objects.exists()
