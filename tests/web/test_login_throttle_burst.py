"""Failed logins that arrive together are each counted: five at once for one username and address lock it out,
as five one after the other do (each count is read and written in one transaction under the row's lock)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from web_builders import PASSWORD, person

from migrated import MigratedSqlite
from worker_env import worker_database

pytestmark = pytest.mark.django_db(transaction=True)
AT_ONCE = 5  # MESOPLAN_LOGIN_FAILURES


def test_five_failed_logins_at_once_lock_even_the_right_password_out(tmp_path: Path,
                                                                    migrated_sqlite: MigratedSqlite) -> None:
    # On SQLite in a file, as served (threads cannot share the in-memory test database's writes safely).
    with worker_database(tmp_path, migrated_sqlite):
        person("ida", PASSWORD)
        start = threading.Barrier(AT_ONCE)
        answers: list[int] = []

        def fail() -> None:
            start.wait()
            response = Client().post("/account/login/", {"username": "ida", "password": "wrong"},
                                     REMOTE_ADDR="10.0.0.1")
            answers.append(response.status_code)
            connection.close()  # this thread's own connection

        threads = [threading.Thread(target=fail) for _ in range(AT_ONCE)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert answers == [200] * AT_ONCE  # refused with the form again, none a server error
        response = Client().post("/account/login/", {"username": "ida", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1")
        assert response.status_code == 200
        assert "Too many failed attempts" in response.content.decode()
