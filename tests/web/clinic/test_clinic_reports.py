"""The clinic's CSV reports for a date range: clients, sessions, products used and reactions, for clinicians;
in the reader's language, ISO dates, safe in a spreadsheet, audited, streamed, a fixed number of queries."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from typing import Any

import pytest
from clinic_builders import client_of, today
from clinic_world import Side
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext

from mesoplan.web.clinic.models import AuditEvent, Client, ClinicReaction, ClinicSession, ProductUse, StockLot

pytestmark = pytest.mark.django_db

LAST_MONTH = {"start": (today() - timedelta(days=30)).isoformat(), "end": today().isoformat()}


def _get(browser: Browser, side: Side, kind: str, **params: Any) -> Any:
    return browser.get(f"/clinic/org/{side.organisation.pk}/reports/", {"kind": kind, **LAST_MONTH, **params},
                       **params.pop("headers", {}))


def _rows(response: Any) -> list[list[str]]:
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_an_admin_downloads_the_sessions_of_a_period(client: Browser, ours: Side, theirs: Side) -> None:
    client.force_login(ours.admin)
    response = _get(client, ours, "sessions")
    assert 'filename="Clinic_a-sessions-' in response["Content-Disposition"]
    header, *rows = _rows(response)
    assert header[:5] == ["Session date", "Client", "Date of birth", "Procedure", "Zones"]
    assert [(r[0], r[1], r[4]) for r in rows] == [
        (ours.session.date.isoformat(), "Client a", "Forehead"), (ours.draft.date.isoformat(), "Client a", "Cheeks")]
    signed = rows[0]
    assert "Hyal 2 % (LOT)" in signed[7] and signed[8].startswith(today().isoformat()[:4]) and signed[10] == "1"
    assert "THEIRS-" not in str(rows)


def test_an_old_session_is_left_out_of_a_period_that_does_not_hold_it(client: Browser, ours: Side) -> None:
    ClinicSession.objects.filter(pk=ours.draft.pk).update(date=today() - timedelta(days=90))
    client.force_login(ours.admin)
    _, *rows = _rows(_get(client, ours, "sessions"))
    assert [r[0] for r in rows] == [ours.session.date.isoformat()]


@pytest.mark.parametrize(("language", "first"), [("fr", "Date de la séance"), ("ru", "Дата сеанса")])
def test_the_headers_are_in_the_readers_language(client: Browser, ours: Side, language: str, first: str) -> None:
    client.force_login(ours.admin)
    header, *_ = _rows(_get(client, ours, "sessions", headers={"HTTP_ACCEPT_LANGUAGE": language}))
    assert header[0] == first


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_written_as_text(client: Browser, ours: Side) -> None:
    Client.objects.filter(pk=ours.client.pk).update(name="=HYPERLINK(\"http://x\")", phone="+33 6 12")
    ClinicReaction.objects.filter(client=ours.client).update(notes="@SUM(A1)")
    ProductUse.objects.filter(session=ours.draft).update(lot="-LOT")  # a draft's: a signed session is locked
    client.force_login(ours.admin)
    clients = _rows(_get(client, ours, "clients"))[1]
    assert clients[0] == "'=HYPERLINK(\"http://x\")" and clients[4] == "'+33 6 12"
    assert _rows(_get(client, ours, "reactions"))[1][-1] == "'@SUM(A1)"
    assert "'-LOT" in [r[2] for r in _rows(_get(client, ours, "products"))]


def test_the_clients_of_a_period_are_those_added_or_seen_in_it(client: Browser, ours: Side) -> None:
    old = client_of(ours.organisation, "Olga Old", intake=False)
    Client.objects.filter(pk=old.pk).update(created_at=old.created_at - timedelta(days=400))
    client.force_login(ours.admin)
    header, *rows = _rows(_get(client, ours, "clients"))
    assert header[0] == "Client" and [r[0] for r in rows] == ["Client a"]
    assert rows[0][7] == "2"  # two sessions in the period
    assert rows[0][8] == max(ours.session.date, ours.draft.date).isoformat()


def test_the_products_report_counts_each_lots_uses_in_the_period(client: Browser, ours: Side) -> None:
    client.force_login(ours.admin)
    header, *rows = _rows(_get(client, ours, "products"))
    assert header[:5] == ["Product", "Ingredient", "Lot", "Expiry", "Uses in the period"]
    assert [(r[0], r[2], r[4], r[5]) for r in rows] == [("Hyal 2 %", "LOT", "1", "1"), ("Hyal 2 %", "LOT-1", "1", "1")]
    assert header[-2:] == ["Received", "Left"] and [r[-2:] for r in rows] == [["", ""], ["", ""]]  # none recorded


def test_the_products_report_gives_the_stock_of_a_lot_received(client: Browser, ours: Side) -> None:
    StockLot.objects.create(organisation=ours.organisation, product_name="Hyal 2 %", ingredient="hyaluronic_acid",
                            lot="lot", quantity_received=10, received_on=today())
    client.force_login(ours.admin)
    _, *rows = _rows(_get(client, ours, "products"))
    assert [(r[2], r[-2], r[-1]) for r in rows] == [("LOT", "10", "9"), ("LOT-1", "", "")]


def test_the_reactions_report_names_the_symptom_and_a_red_flags_follow_up(client: Browser, ours: Side) -> None:
    ClinicReaction.objects.create(client=ours.client, session=ours.session, date=today(), symptom="infection_signs",
                                  severity=4, flag_status="seen", flag_seen_on=today(), notes="Warm.")
    client.force_login(ours.admin)
    _, *rows = _rows(_get(client, ours, "reactions", headers={"HTTP_ACCEPT_LANGUAGE": "fr"}))
    assert [(r[0], r[3], r[4], r[6], r[7]) for r in rows][-1] == (
        today().isoformat(), "Pus, chaleur ou rougeur qui s'étend, fièvre", "4", "vu par un médecin",
        today().isoformat())
    assert rows[0][6] == ""  # redness is no red flag: no follow-up to report


def test_each_download_is_audited_with_every_client_it_names(client: Browser, ours: Side) -> None:
    client.force_login(ours.admin)
    _rows(_get(client, ours, "reactions"))
    events = AuditEvent.objects.filter(action="export", detail__startswith="CSV export: reactions")
    assert sorted((e.client_id or 0) for e in events) == [0, ours.client.pk]
    page = client.get(f"/clinic/clients/{ours.client.pk}/audit/", HTTP_ACCEPT_LANGUAGE="fr")
    assert page.status_code in (200, 403)


@pytest.mark.parametrize(("params", "field", "message"), [
    ({"start": "2026-12-10", "end": "2026-12-01"}, "end", "“To” is before “From” (10 December 2026)"),
    ({"start": "", "end": ""}, "start", "This field is required."),
    ({"start": "1850-01-01", "end": "2026-12-01"}, "start", "This date is too far in the past."),
    ({"start": "tomorrow", "end": "2026-12-01"}, "start", "Enter a valid date."),
])
def test_a_wrong_period_is_named_by_its_field_and_nothing_is_exported(
        client: Browser, ours: Side, params: dict[str, str], field: str, message: str) -> None:
    client.force_login(ours.admin)
    response = _get(client, ours, "clients", **params)
    assert response.status_code == 200 and not response.streaming
    html = response.content.decode()
    assert f'id="field-{field}"' in html and message in html.split(f'id="field-{field}"')[1].split("</div>")[0]
    assert not AuditEvent.objects.filter(action="export").exists()


def test_the_page_offers_the_form_and_the_dashboard_links_to_it(client: Browser, ours: Side) -> None:
    client.force_login(ours.admin)
    assert f"/clinic/org/{ours.organisation.pk}/reports/" in client.get("/clinic/").content.decode()
    html = client.get(f"/clinic/org/{ours.organisation.pk}/reports/").content.decode()
    assert f'name="start" value="{today().replace(day=1).isoformat()}"' in html  # this month so far
    assert f'name="end" value="{today().isoformat()}"' in html and "Download CSV" in html


def test_the_front_desk_and_practitioners_cannot_and_another_clinic_finds_nothing(
        client: Browser, ours: Side, theirs: Side) -> None:
    for staff in (ours.front_desk, ours.practitioner):  # a report is every client of a period: admins only
        client.force_login(staff)
        assert _get(client, ours, "clients").status_code == 403
    client.force_login(theirs.admin)
    assert _get(client, ours, "clients").status_code == 404


def _queries(browser: Browser, side: Side, kind: str) -> int:
    with CaptureQueriesContext(connection) as done:
        _rows(_get(browser, side, kind))
    return len(done.captured_queries)


@pytest.mark.parametrize("kind", ["clients", "sessions", "products", "reactions"])
def test_a_report_makes_as_many_queries_for_many_rows_as_for_few(client: Browser, ours: Side, kind: str) -> None:
    client.force_login(ours.admin)
    few = _queries(client, ours, kind)
    for n in range(25):
        row = client_of(ours.organisation, f"Client {n:02}", intake=False)
        session = ClinicSession.objects.create(client=row, date=today() - timedelta(days=n % 20))
        session.zones.create(position=0, zone="cheeks", device_kind="dermaroller")
        ProductUse.objects.create(session=session, position=0, ingredient="hyaluronic_acid", lot=f"L{n % 4}")
        ClinicReaction.objects.create(client=row, session=session, date=session.date, symptom="redness", severity=2)
    assert _queries(client, ours, kind) == few


def test_dates_are_iso_whatever_the_language(client: Browser, ours: Side) -> None:
    Client.objects.filter(pk=ours.client.pk).update(birth_date=date(1990, 5, 12))
    client.force_login(ours.admin)
    rows = _rows(_get(client, ours, "clients", headers={"HTTP_ACCEPT_LANGUAGE": "ru"}))
    assert rows[1][1] == "1990-05-12"


def test_the_dashboard_offers_the_reports_to_admins_only(client: Browser, ours: Side) -> None:
    address = f"/clinic/org/{ours.organisation.pk}/reports/"
    client.force_login(ours.practitioner)
    assert address not in client.get("/clinic/").content.decode()
    client.force_login(ours.admin)
    assert address in client.get("/clinic/").content.decode()
