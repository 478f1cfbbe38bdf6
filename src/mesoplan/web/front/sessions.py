"""Django's database sessions, committed without waiting for the disk on SQLite (`unsynced`: a
session is not a record; a power loss at most makes someone give their answers again)."""

from __future__ import annotations

from django.contrib.sessions.backends import db
from django.db import router

from mesoplan.web.front.unsynced import unsynced_commits


class SessionStore(db.SessionStore):
    def save(self, must_create: bool = False) -> None:
        with unsynced_commits(router.db_for_write(self.model)):
            super().save(must_create=must_create)
