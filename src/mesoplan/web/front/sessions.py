"""Django's database sessions, written without waiting for the disk on SQLite.

The records database syncs its write-ahead log at every commit (`synchronous=FULL`): an acknowledged
clinical write survives a power loss. A session is not a record: the visitor's last answers or a
login, which a power loss may at worst make someone give again. Each session write (every form a
visitor posts, every login, every language switch) still committed with a sync of its own, and on
SQLite, where one writer works at a time, those syncs queued every other write behind them. So a
session is committed with `synchronous=NORMAL` (the log is synced at the next checkpoint or at the
next FULL commit, which syncs the session's pages with its own): a crash of the process loses
nothing (the log is in the operating system's hands), a power loss at most the last sessions.
PostgreSQL's commits are untouched.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib.sessions.backends import db
from django.db import connections, router


@contextmanager
def _without_sync(alias: str) -> Iterator[None]:
    connection = connections[alias]
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield  # PostgreSQL, or inside a caller's transaction (the pragma cannot change there)
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous=NORMAL")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=FULL")


class SessionStore(db.SessionStore):
    def save(self, must_create: bool = False) -> None:
        with _without_sync(router.db_for_write(self.model, instance=None)):
            super().save(must_create=must_create)
