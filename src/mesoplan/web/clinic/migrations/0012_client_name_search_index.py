"""The client search (`name__icontains`, on the client list and the API) served by an index on PostgreSQL.

Django writes the search as `UPPER(name::text) LIKE UPPER('%…%')`; a trigram GIN index on
`UPPER(name)` (pg_trgm, a trusted extension shipped with PostgreSQL) answers it without reading
every client of the clinic, at any position in the name, as the search has always matched. The
embedded SQLite keeps the (organisation, name) index: it narrows the search to one clinic, whose
names it then reads (a clinic on SQLite is one place, not a chain). Where pg_trgm is not installed
the migration does nothing, and the search works as before, by a scan.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

INDEX = "clinic_client_name_trgm"


def create(apps: Any, schema_editor: Any) -> None:
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        if cursor.fetchone() is None:
            return
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        cursor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON clinic_client USING gin (UPPER(name) gin_trgm_ops)")


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("clinic", "0011_staff_invitations")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
