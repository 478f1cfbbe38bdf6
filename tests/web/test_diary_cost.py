"""The diary's pages cost the same for ten entries as for three hundred: a fixed number of queries,
the counts from the database, no query per row, and no more rows read for a longer past once the
recent weeks and the chart's twelve months are full (behaviour, not timing)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from diary_history import weekly_diary
from django.db import connection
from django.db.models import Model
from django.db.models.signals import post_init
from django.test import Client
from django.test.utils import CaptureQueriesContext
from web_builders import person, saved_check, today

pytestmark = pytest.mark.django_db

PAGES = ["/diary/", "/diary/sessions/", "/diary/reactions/", "/diary/devices/", "/diary/photos/",
         "/diary/progress/", "/diary/progress/?until=2025-01-31", "/diary/sessions/?page=2", "/api/alerts",
         "/diary/sessions/?page=last"]


def cost(client: Client, username: str, entries: int, path: str, *, lapsed: bool = False) -> tuple[int, int]:
    """(queries, model rows read) of one request for `path` by someone with `entries` entries."""
    owner = person(username)
    saved_check(owner, start=(today() + timedelta(days=3)).isoformat())
    weekly_diary(owner, entries, last=today() - timedelta(days=200 if lapsed else 1))
    client.force_login(owner)
    client.get(path)  # the session and the knowledge base loaded once, as on a running server
    rows = []

    def count(sender: type[Model], **kwargs: object) -> None:
        rows.append(sender)

    post_init.connect(count)
    try:
        with CaptureQueriesContext(connection) as done:
            response = client.get(path)
    finally:
        post_init.disconnect(count)
    assert response.status_code == 200, path
    return len(done.captured_queries), len(rows)


@pytest.mark.parametrize("path", PAGES)
def test_a_diary_page_makes_as_many_queries_for_300_entries_as_for_10(client: Client, path: str) -> None:
    assert cost(client, "few", 10, path)[0] == cost(client, "many", 300, path)[0]


@pytest.mark.parametrize("path", [p for p in PAGES if "until" not in p])  # 100 entries do not reach 2025
def test_a_diary_page_reads_as_many_rows_for_300_entries_as_for_100(client: Client, path: str) -> None:
    assert cost(client, "some", 100, path)[1] == cost(client, "many", 300, path)[1]


@pytest.mark.parametrize("path", ["/diary/", "/api/alerts"])
def test_someone_back_after_months_away_costs_no_more_with_a_long_past(client: Client, path: str) -> None:
    assert cost(client, "few", 10, path, lapsed=True)[0] == cost(client, "many", 300, path, lapsed=True)[0]
    assert cost(client, "some", 100, path, lapsed=True)[1] == cost(client, "lots", 300, path, lapsed=True)[1]


def test_the_session_list_shows_one_page_and_the_count_of_pages(client: Client) -> None:
    owner = person("ana")
    weekly_diary(owner, 90)
    client.force_login(owner)
    html = client.get("/diary/sessions/").content.decode()
    assert html.count("/delete/") == 25 and "1 / 3" in html and 'rel="next"' in html
    assert client.get("/diary/sessions/?page=3").content.decode().count("/delete/") == 60 - 50


# The queries of one request, whatever the history's length (issue 16). The dashboard: the session and
# its user, the account's language; the recent sessions with each device's latest use, a clinic's signed
# sessions, the devices, the recent reactions, the latest plan and saved check, the red flags (for the gate
# and the cards at once), the chart's sessions and reactions. The alerts: the same but for the language
# and the chart. Someone back after months away: their sessions read once more, from the last one on
# (a clinic without a session for them is not asked twice).
QUERY_BUDGET = {"/diary/": 12, "/api/alerts": 9}


@pytest.mark.parametrize("lapsed", [False, True])
@pytest.mark.parametrize("entries", [0, 300])
@pytest.mark.parametrize("path", list(QUERY_BUDGET))
def test_the_dashboard_and_the_alerts_keep_to_their_number_of_queries(client: Client, path: str, entries: int,
                                                                      lapsed: bool) -> None:
    extra = 1 if lapsed and entries else 0
    assert cost(client, "ana", entries, path, lapsed=lapsed)[0] == QUERY_BUDGET[path] + extra
