"""The locked hand-over screen: the client holds the tablet and sees only the consent; staff unlock
it with their password; every signed version stays in the history; a session names its consent."""

from __future__ import annotations

import importlib

import pytest
from clinic_builders import published, signed_session
from clinic_world import Side
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client as Browser
from page_text import english_left

from mesoplan.web.clinic import consent, handover
from mesoplan.web.clinic.models.clients import Client

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def _hand_over(browser: Browser, side: Side) -> None:
    side.front_desk.set_password(PASSWORD)
    side.front_desk.save()
    browser.force_login(side.front_desk)
    response = browser.post(f"/clinic/clients/{side.client.pk}/consent/microneedling/handover/")
    assert response.status_code == 302 and response["Location"] == "/clinic/handover/"


def test_the_locked_screen_shows_the_consent_and_no_way_to_other_pages(client: Browser, ours: Side) -> None:
    published(ours.organisation, ours.admin, text="Version two, read on the tablet.")
    _hand_over(client, ours)
    html = client.get("/clinic/handover/").content.decode()
    assert "Version two, read on the tablet." in html and "Staff: unlock" in html
    links = {href.split('"')[0] for href in html.split('href="')[1:]}
    assert {link for link in links if not link.startswith("/static/")} == {"/clinic/handover/unlock/"}


@pytest.mark.parametrize("url", ["/clinic/", "/clinic/clients/", "/clinic/clients/{other}/", "/clinic/me/",
                                 "/diary/", "/api/clinic/clients", "/account/logout/", "/clinic/clients/{own}/"])
def test_the_client_cannot_reach_another_page_without_unlocking(client: Browser, ours: Side, url: str) -> None:
    other = Client.objects.create(organisation=ours.organisation, name="Another Client")
    _hand_over(client, ours)
    for method in ("get", "post"):
        response = getattr(client, method)(url.format(other=other.pk, own=ours.client.pk))
        assert response.status_code == 302 and response["Location"] == "/clinic/handover/"
    assert "Another Client" not in client.get("/clinic/handover/", follow=True).content.decode()


def test_the_client_signs_on_the_locked_screen_and_it_stays_locked(client: Browser, ours: Side) -> None:
    text = published(ours.organisation, ours.admin, text="Version two.")
    _hand_over(client, ours)
    html = client.post("/clinic/handover/", {"text_id": text.pk, "agree": "on", "signed_name": "client a"},
                       follow=True).content.decode()
    assert "please hand the tablet back" in html.lower() and consent.is_current(ours.client, "microneedling")
    assert client.get("/clinic/clients/").status_code == 302


def test_on_the_locked_screen_nobody_can_confirm_a_different_name(client: Browser, ours: Side) -> None:
    text = published(ours.organisation, ours.admin, text="Version two.")
    _hand_over(client, ours)
    html = client.post("/clinic/handover/", {"text_id": text.pk, "agree": "on", "signed_name": "Someone Else",
                                             "name_differs": "on", "name_differs_reason": "x"}).content.decode()
    assert "ask a member of staff" in html and not consent.is_current(ours.client, "microneedling")


def test_a_wrong_password_keeps_the_lock_and_the_right_one_lifts_it(client: Browser, ours: Side) -> None:
    _hand_over(client, ours)
    html = client.post("/clinic/handover/unlock/", {"password": "guess"}).content.decode()
    assert "This is not the password" in html
    assert client.get("/clinic/clients/").status_code == 302
    response = client.post("/clinic/handover/unlock/", {"password": PASSWORD})
    assert response["Location"] == f"/clinic/clients/{ours.client.pk}/"
    assert client.get("/clinic/clients/").status_code == 200


def test_too_many_wrong_passwords_log_the_session_out(client: Browser, ours: Side) -> None:
    _hand_over(client, ours)
    for _ in range(handover.MAX_UNLOCK_FAILURES):
        response = client.post("/clinic/handover/unlock/", {"password": "guess"})
    assert response["Location"].startswith("/account/login/")
    assert client.get("/clinic/clients/")["Location"].startswith("/account/login/")


def test_the_old_signature_stays_in_the_history_after_a_new_version(client: Browser, ours: Side) -> None:
    published(ours.organisation, ours.admin, text="Version two.")
    client.force_login(ours.front_desk)
    html = client.get(f"/clinic/clients/{ours.client.pk}/").content.decode()
    history = html.split('id="consent-history"')[1]
    assert "replaced by a later version" in history and "Client a" in history


def test_a_signed_session_names_the_consent_version_it_relied_on(client: Browser, ours: Side) -> None:
    text = published(ours.organisation, ours.admin, text="Version two.")
    consent.sign(ours.client, text, "Client a", ours.front_desk, consent.timezone.now())
    session = signed_session(ours.client, ours.practitioner)
    assert session.consent_signature is not None and session.consent_signature.version == "2"
    client.force_login(ours.practitioner)
    html = client.get(f"/clinic/sessions/{session.pk}/").content.decode()
    assert "version 2, signed by Client a" in html


def test_a_session_signed_before_the_consent_was_kept_says_not_recorded(client: Browser, ours: Side) -> None:
    with connection.cursor() as cursor:  # a signed row as stored before the field existed (no model may change it)
        cursor.execute("UPDATE clinic_clinicsession SET consent_signature_id = NULL WHERE id = %s", [ours.session.pk])
    client.force_login(ours.practitioner)
    assert "not recorded" in client.get(f"/clinic/sessions/{ours.session.pk}/").content.decode()


@pytest.mark.parametrize("language", ["ru", "fr"])
def test_the_locked_screen_and_its_unlock_page_read_in_the_clients_language(
        client: Browser, ours: Side, language: str) -> None:
    published(ours.organisation, ours.admin, text="OURS- version two")
    _hand_over(client, ours)
    for url in ("/clinic/handover/", "/clinic/handover/unlock/"):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response["Content-Language"] == language
        assert english_left(response.content.decode().replace("Client a", "OURS-")) == []


MIGRATION = importlib.import_module("mesoplan.web.clinic.migrations.0013_consent_signer_drawing_and_session_consent")


def test_the_migration_names_the_consent_an_old_signed_session_relied_on(ours: Side) -> None:
    relied_on = ours.session.consent_signature
    later = published(ours.organisation, ours.admin, text="Version two, signed after the session.")
    consent.sign(ours.client, later, "Client a", ours.front_desk, consent.timezone.now())
    with connection.cursor() as cursor:  # as stored before the field existed
        cursor.execute("UPDATE clinic_clinicsession SET consent_signature_id = NULL")
    state = MigrationExecutor(connection).loader.project_state(("clinic", MIGRATION.__name__.rsplit(".", 1)[1]))
    MIGRATION.name_the_consent_of_signed_sessions(state.apps, None)
    ours.session.refresh_from_db()
    ours.draft.refresh_from_db()
    assert ours.session.consent_signature == relied_on and ours.draft.consent_signature is None
