"""A fresh, empty database for a site a test runs in its own processes (`mesoplan serve`, `backup`, `restore`),
of the kind this pass of the suite tests: SQLite in the data folder, or on the PostgreSQL pass
(`MESOPLAN_DB=postgres`, `scripts/with-postgres.sh`) a new database on that server, dropped afterwards.

Not the test database pytest-django made: these processes migrate and write their own site, and a
test compares two of them (a backup and its restore)."""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

SQLITE_FILE = "mesoplan.sqlite3"


def on_postgres() -> bool:
    return os.environ.get("MESOPLAN_DB") == "postgres"


def _server(name: str = "postgres") -> dict[str, Any]:
    """psycopg's connection arguments for the server the settings use (the same variables, the same defaults)."""
    return {"host": os.environ.get("MESOPLAN_PG_HOST", "127.0.0.1"), "port": os.environ.get("MESOPLAN_PG_PORT", "5432"),
            "user": os.environ.get("MESOPLAN_PG_USER", "postgres"),
            "password": os.environ.get("MESOPLAN_PG_PASSWORD") or None, "dbname": name}


@contextmanager
def empty_database() -> Iterator[dict[str, str]]:
    """The environment variables that point a site at a new, empty database of this pass's kind."""
    if not on_postgres():
        yield {"MESOPLAN_DB": "sqlite"}  # the file in MESOPLAN_DATA, made by the site
        return
    import psycopg

    name = f"mesoplan_site_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(**_server(), autocommit=True) as server:
        server.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {"MESOPLAN_DB": "postgres", "MESOPLAN_PG_NAME": name}
    finally:
        with psycopg.connect(**_server(), autocommit=True) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def rows_of_every_table(env: Mapping[str, str]) -> dict[str, list[tuple[Any, ...]]]:
    """Every table of the site's database and its rows, in a stable order."""
    if env.get("MESOPLAN_DB") == "postgres":
        import psycopg

        with psycopg.connect(**_server(env["MESOPLAN_PG_NAME"])) as db:
            tables = [name for (name,) in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()]
            return {table: sorted(db.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr) for table in tables}
    database = Path(env["MESOPLAN_DATA"], SQLITE_FILE)
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {table: sorted(db.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr) for table in tables}


def integrity_problems(env: Mapping[str, str]) -> list[Any]:
    """What the database's own checks find wrong (empty when sound).

    SQLite: `integrity_check` and `foreign_key_check`. PostgreSQL: amcheck's check of every B-tree index
    (with its heap: every row has its index entries) and every foreign key checked again by a join."""
    if env.get("MESOPLAN_DB") != "postgres":
        with sqlite3.connect(Path(env["MESOPLAN_DATA"], SQLITE_FILE)) as db:
            problems = db.execute("PRAGMA integrity_check").fetchall()
            return [row for row in problems if row != ("ok",)] + db.execute("PRAGMA foreign_key_check").fetchall()
    import psycopg

    with psycopg.connect(**_server(env["MESOPLAN_PG_NAME"]), autocommit=True) as db:
        db.execute("CREATE EXTENSION IF NOT EXISTS amcheck")
        indexes = db.execute(
            "SELECT c.oid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_am a ON a.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE a.amname = 'btree' AND n.nspname = 'public'").fetchall()
        for (index,) in indexes:
            db.execute("SELECT bt_index_check(%s::regclass, true)", [index])  # raises on a damaged index
        return _broken_foreign_keys(db)


def _broken_foreign_keys(db: Any) -> list[Any]:
    keys = db.execute(
        "SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text, b.attname "
        "FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
        "JOIN pg_attribute b ON b.attrelid = c.confrelid AND b.attnum = c.confkey[1] "
        "WHERE c.contype = 'f' AND array_length(c.conkey, 1) = 1").fetchall()
    broken = []
    for table, column, target, target_column in keys:
        orphans = db.execute(f'SELECT count(*) FROM {table} t WHERE t."{column}" IS NOT NULL AND NOT EXISTS '
                             f'(SELECT 1 FROM {target} r WHERE r."{target_column}" = t."{column}")').fetchone()[0]
        if orphans:
            broken.append((table, column, orphans))
    return broken


def site_env(folder: Path, database: Mapping[str, str]) -> dict[str, str]:
    """The environment of a site's processes: this process's, its data folder and database, no secret key
    given (the site makes and keeps its own)."""
    env = {key: value for key, value in os.environ.items() if key != "MESOPLAN_SECRET_KEY"}
    return {**env, "MESOPLAN_DATA": str(folder), **database}
