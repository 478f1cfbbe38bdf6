"""Every list of the API answers one bounded page and the address of the next in a `Link` header:
following the links reads every row once, in the list's order; a page costs as many queries for 300
rows as for 10, however deep it is; a cursor the list did not give is a 422 naming `cursor`."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from typing import Any

import pytest
from api_helpers import ApiClient, assert_error
from diary_history import weekly_diary
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from test_api_clinic_write import _api, _client, _clinic
from web_builders import days_ago, person, reaction, session

from mesoplan.web.api.tokens import issue_token
from mesoplan.web.clinic.models import Appointment, Client, Organisation
from mesoplan.web.records.models import Device, Reaction, Session

pytestmark = pytest.mark.django_db
NEXT = re.compile(r'^<http://testserver(/api/[^>]+)>; rel="next"$')


def walk(api: ApiClient, path: str) -> tuple[list[dict[str, Any]], int]:
    """Every row, following the `Link` headers from `path`, and how many pages it took."""
    rows: list[dict[str, Any]] = []
    pages = 0
    address: str | None = path
    while address is not None:
        response = api.get(address)
        assert response.status_code == 200, response.content
        page = response.json()
        assert isinstance(page, list)
        rows += page
        pages += 1
        link = response.headers.get("Link")
        match = NEXT.match(link) if link else None
        assert link is None or match, link
        address = match.group(1) if match else None
        assert address is None or page, "a link after an empty page"
    return rows, pages


def diary_api(name: str, entries: int) -> ApiClient:
    owner = person(name)
    weekly_diary(owner, entries)
    Device.objects.bulk_create(Device(owner=owner, kind="dermaroller", label=f"Roller {n}") for n in range(entries))
    return ApiClient(Browser(), issue_token(owner, "program")[1])


def queries(api: ApiClient, path: str) -> int:
    api.get(path)  # the token's and the knowledge base's first reads, as on a running server
    with CaptureQueriesContext(connection) as done:
        assert api.get(path).status_code == 200
    return len(done.captured_queries)


def second_page(api: ApiClient, path: str) -> str:
    match = NEXT.match(api.get(path).headers["Link"])
    assert match
    return match.group(1)


@pytest.mark.parametrize(("path", "model", "order"), [
    ("/api/sessions", Session, ("-date", "-id")), ("/api/reactions", Reaction, ("-date", "-id")),
    ("/api/devices", Device, ("-id",))])
def test_following_the_links_reads_every_diary_row_once_in_order(path: str, model: Any, order: Any) -> None:
    api = diary_api("ana", 130)
    rows, pages = walk(api, f"{path}?limit=20")
    expected = list(model.objects.order_by(*order).values_list("id", flat=True))
    assert [r["id"] for r in rows] == expected
    assert pages == -(-len(expected) // 20)


def test_a_page_without_a_limit_has_fifty_rows_and_a_link_to_the_next() -> None:
    api = diary_api("ana", 90)  # 60 sessions
    first = api.get("/api/sessions")
    assert len(first.json()) == 50 and NEXT.match(first.headers["Link"])
    assert "Link" not in api.get(second_page(api, "/api/sessions")).headers


@pytest.mark.parametrize("path", ["/api/sessions", "/api/reactions", "/api/devices", "/api/alerts"])
def test_a_diary_page_makes_as_many_queries_for_300_rows_as_for_10(path: str) -> None:
    few, many = diary_api("few", 10), diary_api("many", 300)
    assert queries(few, f"{path}?limit=5") == queries(many, f"{path}?limit=5")
    if path != "/api/alerts":  # a page deep in the list costs what the first costs
        assert queries(many, f"{path}?limit=5") == queries(many, second_page(many, f"{path}?limit=5"))


def test_the_alerts_come_a_page_at_a_time_in_their_order() -> None:
    api = diary_api("ana", 0)
    owner = User.objects.get(username="ana")
    for n in (1, 2, 3, 4):  # sessions a day apart, each with a red flag after it
        logged = session(owner, date=days_ago(n))
        reaction(owner, session=logged, date=days_ago(n - 1), symptom="infection_signs", severity=3)
    everything = api.get("/api/alerts?limit=200").json()
    assert len(everything) > 2
    rows, pages = walk(api, "/api/alerts?limit=1")
    assert rows == everything and pages == max(len(everything), 1)


@pytest.mark.parametrize("cursor", ["nonsense!", "WyJ4Il0", "bnVsbA", "WzEsMl0", "WyIyMDI2LTEzLTQ1IiwxXQ"])
def test_a_cursor_the_list_did_not_give_is_refused_by_its_name(cursor: str) -> None:
    api = diary_api("ana", 3)
    assert_error(api.get(f"/api/sessions?cursor={cursor}"), 422, "cursor", "not a cursor")
    assert_error(api.get(f"/api/alerts?cursor={cursor}"), 422, "cursor", "not a cursor")


def test_a_limit_over_two_hundred_is_refused() -> None:
    assert_error(diary_api("ana", 3).get("/api/sessions?limit=201"), 422, "limit")


def clinic_of(prefix: str, clients: int) -> tuple[ApiClient, Organisation]:
    organisation, practitioner, _front = _clinic(prefix)
    Client.objects.bulk_create(Client(organisation=organisation, name=f"{prefix.upper()} CLIENT {n % 7}")
                               for n in range(clients))
    return _api(practitioner), organisation


def test_the_client_list_follows_its_links_by_name_and_keeps_its_offset() -> None:
    api, organisation = clinic_of("ours", 45)
    rows, pages = walk(api, "/api/clients?limit=10")
    assert [r["id"] for r in rows] == list(organisation.clients.order_by("name", "id").values_list("id", flat=True))
    assert pages == 5
    skipped = api.get("/api/clients?limit=10&offset=40").json()
    assert [r["id"] for r in skipped] == [r["id"] for r in rows[40:]]


def test_the_client_list_makes_as_many_queries_for_300_clients_as_for_10() -> None:
    few, _ = clinic_of("few", 10)
    many, _ = clinic_of("many", 300)
    assert queries(few, "/api/clients?limit=5") == queries(many, "/api/clients?limit=5")
    assert queries(many, "/api/clients?limit=5") == queries(many, second_page(many, "/api/clients?limit=5"))


def appointments_of(prefix: str, count: int) -> tuple[ApiClient, str]:
    organisation, practitioner, front = _clinic(prefix)
    row = _client(organisation, practitioner)
    first = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=1), time(9)))
    Appointment.objects.bulk_create(
        Appointment(client=row, practitioner=practitioner, location=organisation.locations.get(),
                    start=first + timedelta(hours=n % 3, days=n // 3), minutes=30) for n in range(count))
    return _api(front), f"/api/clients/{row.pk}/appointments"


def test_a_clients_appointments_follow_their_links_soonest_first() -> None:
    api, path = appointments_of("ours", 23)
    rows, pages = walk(api, f"{path}?limit=4")
    assert [r["id"] for r in rows] == list(Appointment.objects.order_by("start", "id").values_list("id", flat=True))
    assert pages == 6


def test_a_page_of_appointments_makes_as_many_queries_for_300_as_for_10() -> None:
    few, few_path = appointments_of("few", 10)
    many, many_path = appointments_of("many", 300)
    assert queries(few, f"{few_path}?limit=5") == queries(many, f"{many_path}?limit=5")
    assert queries(many, f"{many_path}?limit=5") == queries(many, second_page(many, f"{many_path}?limit=5"))
