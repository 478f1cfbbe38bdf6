"""A clinic client's own language (decisions item 5): set on the client's details, and the client's
handouts, the PDF and the calendar, written in it whatever the language of the staff's page."""

from __future__ import annotations

import subprocess
from pathlib import Path

import icalendar
import pytest
from clinic_world import Side
from django.test import Client as Browser

from mesoplan.web.clinic.models import Client

pytestmark = pytest.mark.django_db


def set_language(browser: Browser, side: Side, language: str) -> None:
    client = side.client
    response = browser.post(f"/clinic/clients/{client.pk}/edit/", {"name": client.name, "email": client.email,
                                                                   "language": language})
    assert response.status_code == 302
    client.refresh_from_db()
    assert client.language == language


def pdf_text(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "handout.pdf"
    path.write_bytes(content)
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, timeout=60,
                          check=True)
    return " ".join(done.stdout.split())


def test_the_language_is_set_on_the_clients_details_and_shown_on_their_page(client: Browser, ours: Side) -> None:
    client.force_login(ours.front_desk)
    set_language(client, ours, "ru")
    client.force_login(ours.practitioner)
    page = client.get(f"/clinic/clients/{ours.client.pk}/").content.decode()
    assert "Handouts in</dt><dd>Russian</dd>" in page
    assert f"/clinic/clients/{ours.client.pk}/handout.pdf" in page


def test_the_handout_is_in_the_clients_language_not_the_staffs(client: Browser, ours: Side, tmp_path: Path) -> None:
    client.force_login(ours.practitioner)
    set_language(client, ours, "fr")
    response = client.get(f"/clinic/clients/{ours.client.pk}/handout.pdf", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Language"] == "fr"
    assert "attachment" in response["Content-Disposition"]
    text = pdf_text(response.content, tmp_path)
    assert "Séance 1 sur" in text and "Session 1 of" not in text


def test_the_calendar_is_in_the_clients_language(client: Browser, ours: Side) -> None:
    client.force_login(ours.practitioner)
    set_language(client, ours, "ru")
    response = client.get(f"/clinic/clients/{ours.client.pk}/handout.ics")
    assert response.status_code == 200
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    summaries = [str(e["summary"]) for e in events]
    assert any("Сеанс 1 из" in s for s in summaries), summaries[:5]


def test_without_a_saved_language_the_handout_follows_the_page(client: Browser, ours: Side, tmp_path: Path) -> None:
    client.force_login(ours.practitioner)
    response = client.get(f"/clinic/clients/{ours.client.pk}/handout.pdf", HTTP_ACCEPT_LANGUAGE="fr")
    assert response["Content-Language"] == "fr"
    assert "Séance 1 sur" in pdf_text(response.content, tmp_path)


def test_the_front_desk_cannot_print_the_clinical_handout(client: Browser, ours: Side) -> None:
    client.force_login(ours.front_desk)
    assert client.get(f"/clinic/clients/{ours.client.pk}/handout.pdf").status_code == 403


def test_another_clinics_client_has_no_handout_here(client: Browser, ours: Side, theirs: Side) -> None:
    client.force_login(ours.practitioner)
    assert client.get(f"/clinic/clients/{theirs.client.pk}/handout.ics").status_code == 404
    assert client.post(f"/clinic/clients/{ours.client.pk}/handout.pdf").status_code == 405


def test_the_front_desk_records_the_language_a_client_reads(client: Browser, ours: Side) -> None:
    client.force_login(ours.front_desk)
    form = client.get("/clinic/clients/new/").content.decode()
    assert 'name="language"' in form and "Russian" in form
    client.post("/clinic/clients/new/", {"organisation": ours.organisation.pk, "name": "Olga", "language": "ru"})
    assert Client.objects.get(name="Olga").language == "ru"


def test_a_language_the_site_does_not_serve_is_refused_by_its_field(client: Browser, ours: Side) -> None:
    client.force_login(ours.front_desk)
    page = client.post("/clinic/clients/new/", {"organisation": ours.organisation.pk, "name": "Olga",
                                                "language": "xx"}).content.decode()
    assert "Select a valid choice" in page.split('id="field-language"')[1].split("</div>")[0]
    assert not Client.objects.filter(name="Olga").exists()
