"""Sessions are written without a disk sync of their own on SQLite; records keep theirs."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from web_builders import intake_post

# Outside a test transaction, as a served request runs (the pragma cannot change inside one).
pytestmark = pytest.mark.django_db(transaction=True)


def _synchronous() -> int:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        return int(cursor.fetchone()[0])


def test_a_visitors_answers_are_kept_and_records_are_still_synced_at_every_commit(client: Client) -> None:
    sql: list[str] = []

    def record(execute, statement, params, many, context):  # type: ignore[no-untyped-def]
        sql.append(statement)
        return execute(statement, params, many, context)

    with connection.execute_wrapper(record):  # kept across the request's reconnection, unlike a query log
        response = client.post("/check/", intake_post())
    assert response.status_code == 302 and client.get("/check/answer/").status_code == 200
    assert Session.objects.count() == 1
    written = next(i for i, s in enumerate(sql) if "django_session" in s and s.lstrip().upper().startswith(
        ("INSERT", "UPDATE")))
    if connection.vendor == "sqlite":
        # the session's own commit waits for no sync; the connection is back to FULL for the records
        assert "PRAGMA synchronous=NORMAL" in sql[:written]
        assert sql[-1] == "PRAGMA synchronous=FULL" and _synchronous() == 2
    else:
        assert not any("PRAGMA" in s for s in sql)  # PostgreSQL's commits are untouched
