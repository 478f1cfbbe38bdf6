"""The client list's search: by name, phone, email, date of birth and, for clinicians, the lot a client received;
never another clinic's clients, and as many queries for a lot as for a name."""

from __future__ import annotations

from datetime import date

import pytest
from clinic_builders import chart, client_of
from clinic_world import Side
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext

from mesoplan.web.clinic.models import Client, ClinicSession, ProductUse

pytestmark = pytest.mark.django_db


@pytest.fixture
def claire(ours: Side) -> Client:
    return client_of(ours.organisation, "Claire Martin", email="claire.martin@example.org",
                     phone="+33 6 12 34 56 78", birth_date=date(1990, 5, 12))


def _found(browser: Browser, query: str, **headers: str) -> str:
    response = browser.get("/clinic/clients/", {"q": query}, **headers)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("query", ["06 12 34 56 78", "0612345678", "+33612345678", "12 34 56"])
def test_a_phone_number_finds_the_client_however_it_is_spaced(
        client: Browser, ours: Side, claire: Client, query: str) -> None:
    client.force_login(ours.front_desk)
    html = _found(client, query)
    assert "Claire Martin" in html and "Client a" not in html


def test_part_of_an_email_finds_the_client(client: Browser, ours: Side, claire: Client) -> None:
    client.force_login(ours.front_desk)
    html = _found(client, "CLAIRE.MARTIN@")
    assert "Claire Martin" in html and "Client a" not in html


@pytest.mark.parametrize(("query", "language"), [("1990-05-12", "en"), ("12/05/1990", "fr"), ("12.05.1990", "ru"),
                                                 ("12 May 1990", "en")])
def test_a_date_of_birth_finds_the_client_as_the_readers_language_writes_it(
        client: Browser, ours: Side, claire: Client, query: str, language: str) -> None:
    client.force_login(ours.front_desk)
    html = _found(client, query, HTTP_ACCEPT_LANGUAGE=language)
    assert "Claire Martin" in html and "Client a" not in html


def test_a_lot_finds_every_client_who_received_it_and_says_so(client: Browser, ours: Side, claire: Client) -> None:
    chart(claire, ours.practitioner, lot="HA2311-B")
    other = client_of(ours.organisation, "Bruno Petit")
    chart(other, ours.practitioner, lot="HA2311-B")
    client_of(ours.organisation, "Nadia Roy")  # no session: not found
    client.force_login(ours.practitioner)
    html = _found(client, " ha2311-b ")
    assert "Claire Martin" in html and "Bruno Petit" in html
    assert "Nadia Roy" not in html and "Client a" not in html
    assert html.count("received lot ha2311-b") == 2


def test_the_front_desk_cannot_find_who_received_a_lot(client: Browser, ours: Side, claire: Client) -> None:
    chart(claire, ours.practitioner, lot="HA2311-B")
    client.force_login(ours.front_desk)
    html = _found(client, "HA2311-B")
    assert "Claire Martin" not in html and "No client matches this search." in html
    assert "or lot number" not in html  # the box does not offer it


def test_another_clinics_clients_are_never_found(client: Browser, ours: Side, theirs: Side) -> None:
    client_of(theirs.organisation, "THEIRS-Phone", phone="+33 6 99 88 77 66", birth_date=date(1980, 1, 2))
    client.force_login(ours.admin)
    for query in ("THEIRS-LOT", "06 99 88 77 66", "1980-01-02", "theirs", "THEIRS-Client"):
        html = _found(client, query)
        assert "No client matches this search." in html, query


def _queries(browser: Browser, query: str) -> int:
    with CaptureQueriesContext(connection) as done:
        assert browser.get("/clinic/clients/", {"q": query}).status_code == 200
    return len(done.captured_queries)


def _clients(ours: Side, numbers: range) -> None:
    """Clients that every search below finds: by name, lot, phone, date of birth and email."""
    for n in numbers:
        row = client_of(ours.organisation, f"Client {n:03}", intake=False, phone=f"+33 6 12 34 56 {n:03}",
                        birth_date=date(1990, 5, 12), email=f"c{n}@example.org")
        # a session as stored, with the lot (the gate is not what is measured here)
        session = ClinicSession.objects.create(client=row, date=date(2026, 11, 2))
        ProductUse.objects.create(session=session, position=0, ingredient="hyaluronic_acid", lot="LOT")


def test_every_kind_of_search_costs_the_same_few_queries_for_many_clients(client: Browser, ours: Side) -> None:
    client.force_login(ours.practitioner)
    searches = ["Client", "LOT", "06 12 34 56", "1990-05-12", "@example"]
    _clients(ours, range(3))
    few = [_queries(client, q) for q in searches]
    _clients(ours, range(3, 80))
    assert [_queries(client, q) for q in searches] == few
    assert len(set(few)) == 1  # a lot, a phone or a date costs what a name costs
