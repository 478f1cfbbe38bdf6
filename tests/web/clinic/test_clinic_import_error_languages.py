"""A refused FHIR import says why in the reader's language: by the upload field when read at once, and on
the job's page when the worker refused it (the page writes the refusal in whoever opens it's language)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from html import unescape
from typing import Any

import pytest
from clinic_builders import clinic, member
from clinic_world import Side
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as Browser
from test_clinic_fhir_hardening import _signed_at

from mesoplan import i18n, services
from mesoplan.core.i18n import N_
from mesoplan.errors import IntakeError
from mesoplan.exports.fhir import export_bundle
from mesoplan.web.clinic.import_jobs import run_import
from mesoplan.web.clinic.import_problem import as_data, as_error
from mesoplan.web.clinic.models import Client, ImportJob
from mesoplan.web.clinic.record_mapping import client_record

pytestmark = pytest.mark.django_db

EMPTY = json.dumps({"resourceType": "Bundle", "type": "collection", "entry": []}).encode()


def upload(browser: Browser, data: bytes, language: str) -> Any:
    other = clinic("Clinic L")
    browser.force_login(member(other, "admin", "l_admin"))
    return browser.post("/clinic/clients/import/", {
        "organisation": other.pk, "bundle": SimpleUploadedFile("c.json", data, "application/fhir+json")},
        HTTP_ACCEPT_LANGUAGE=language)


@pytest.mark.parametrize(("language", "words"), [
    ("ru", "entry: пакет пуст: ожидается карта клиента (Patient, CarePlan и остальное)"),
    ("fr", "entry\u00a0: le bundle est vide\u00a0: le dossier du client est attendu (un Patient, un CarePlan et le "
           "reste)"),
])
def test_an_empty_bundle_is_refused_by_the_upload_field_in_the_readers_language(
        client: Browser, language: str, words: str) -> None:
    response = upload(client, EMPTY, language)
    assert response.status_code == 200
    assert words in unescape(response.content.decode()).split('id="field-bundle"')[1]


@pytest.mark.parametrize(("language", "words"), [
    ("ru", "sessions[0].signed_at: сеанс нельзя подписать будущим временем"),
    ("fr", "sessions[0].signed_at\u00a0: une séance ne peut pas être signée dans le futur"),
])
def test_a_session_signed_in_the_future_is_refused_in_the_readers_language(
        client: Browser, ours: Side, language: str, words: str) -> None:
    record = _signed_at(client_record(ours.client), datetime(2999, 1, 1, tzinfo=UTC))
    response = upload(client, export_bundle(record, services.knowledge()), language)
    assert response.status_code == 200 and words in unescape(response.content.decode())
    assert not Client.objects.filter(organisation__name="Clinic L").exists()


def test_a_job_the_worker_refused_reads_in_the_language_of_whoever_opens_it(client: Browser, settings: Any) -> None:
    settings.MESOPLAN_IMPORT_INLINE_BYTES = 10  # every bundle goes to the worker
    response = upload(client, EMPTY, "en")
    job = ImportJob.objects.get()
    run_import.call(job.pk)
    page = f"/clinic/clients/import/{job.pk}/"
    pages = {language: unescape(client.get(page, HTTP_ACCEPT_LANGUAGE=language).content.decode())
             for language in ("en", "ru", "fr")}
    assert response.status_code == 302
    assert "entry: the bundle is empty: expected the client's record" in pages["en"]
    assert "entry: пакет пуст: ожидается карта клиента" in pages["ru"]
    assert "entry\u00a0: le bundle est vide\u00a0: le dossier du client est attendu" in pages["fr"]


def test_a_job_refused_before_its_refusal_was_kept_by_id_still_shows_its_words(client: Browser) -> None:
    # A job row as older versions left it: the worker's words only.
    job = ImportJob.objects.create(organisation=clinic("Clinic M"), status="failed", error="entry: older words")
    client.force_login(member(job.organisation, "admin", "m_admin"))
    assert "entry: older words" in client.get(f"/clinic/clients/import/{job.pk}/").content.decode()


def test_a_kept_refusal_reads_as_the_refusal_itself_dates_and_label_included() -> None:
    refused = IntakeError("sessions[0].date", N_("expected a date from {earliest} to {latest}"),
                          params={"earliest": date(1900, 1, 1), "latest": date(2031, 12, 3)})
    refused.label = (N_("Last dose of {name}"), {"name": "Isotretinoin"})
    kept = as_error(json.loads(json.dumps(as_data(refused))))
    for language in ("en", "ru", "fr"):
        def translate(text: str, language: str = language) -> str:
            return i18n.gettext(text, language)
        assert i18n.error_text(kept, translate, language) == i18n.error_text(refused, translate, language)
    assert "3 декабря 2031" in i18n.error_text(kept, lambda text: i18n.gettext(text, "ru"), "ru")
