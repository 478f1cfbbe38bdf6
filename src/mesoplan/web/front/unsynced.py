"""Commits of passing state that need not wait for the disk, on SQLite.

The records database syncs its write-ahead log at every commit (`synchronous=FULL`): an
acknowledged clinical write survives a power loss. Sessions (a visitor's last answers, a login) and
the anonymous API's call counts are not records: a power loss at most makes someone give their
answers again or lets a few more calls through. Committed each with a sync of its own, on SQLite,
where one writer works at a time, they queued every other write behind the disk. Under
`synchronous=NORMAL` the log is synced at the next checkpoint or the next FULL commit (which syncs
their pages with its own); a crash of the process loses nothing, as the log is in the operating
system's hands. PostgreSQL's commits are untouched.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections


@contextmanager
def unsynced_commits(alias: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Inside: commits on SQLite do not wait for a sync. Outside a transaction only (the pragma cannot
    change inside one); elsewhere, and on PostgreSQL, nothing changes."""
    connection = connections[alias]
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous=NORMAL")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=FULL")
