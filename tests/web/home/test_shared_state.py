"""No state in one process's memory that another needs (decisions item 4): the cache and the sessions
live in the database, so every web worker and the task worker see the same."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection

pytestmark = pytest.mark.django_db


def test_the_cache_and_the_sessions_are_in_the_database() -> None:
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store["answers"] = "kept"
    store.save()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM django_session")
        assert cursor.fetchone()[0] == 1
    cache.set("shared", "seen by every process", 60)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM mesoplan_cache")
        assert cursor.fetchone()[0] == 1
    assert cache.get("shared") == "seen by every process"
