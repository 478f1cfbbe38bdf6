"""The bulk re-screen's reads and writes: only the columns it needs, only the rows that changed.

Rows are read as plain tuples with the intake as its stored JSON text (no model instances,
no JSON decoding of intakes that turn out to be untouched), and written back with one
`executemany` per kind of change; the caller wraps the writes in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import Any, NamedTuple, cast

from django.db import connection
from django.db.models import Field, Model, QuerySet, TextField
from django.db.models.functions import Cast

from mesoplan.web.clinic.models import Client, Organisation, PlannedEvent
from mesoplan.web.clinic.rescreen_work import PlanRow

CHUNK = 2000  # rows fetched at a time, and ids per DELETE … IN (…)


class Row(NamedTuple):
    """What the re-screen reads of one client."""

    pk: int
    organisation_id: int
    text: str  # the intake as stored (JSON)
    taken_on: date | None
    verdict: str
    earliest_start: date | None
    reasons_digest: str
    plan_digest: str
    knowledge_version: str
    policy_version: str
    screened_at: datetime | None


def with_intake(organisation: Organisation | None) -> QuerySet[Client]:
    """The clients a re-screen covers: those with an intake, of one clinic or of all."""
    clients = Client.objects.exclude(intake={})
    return clients if organisation is None else clients.filter(organisation=organisation)


def stale(scope: QuerySet[Client], organisation_ids: Sequence[int], versions: tuple[str, str]) -> Iterator[Row]:
    """The clients of these clinics whose answer was made with other versions than `versions`.

    A client already screened with the knowledge and policy in force cannot change.
    """
    knowledge_version, policy_version = versions
    for first in range(0, len(organisation_ids), CHUNK):
        rows = (scope.filter(organisation_id__in=organisation_ids[first:first + CHUNK])
                .exclude(knowledge_version=knowledge_version, policy_version=policy_version)
                .order_by("pk").annotate(intake_text=Cast("intake", output_field=TextField()))
                .values_list("pk", "organisation_id", "intake_text", "intake_taken_on", "verdict", "earliest_start",
                             "reasons_digest", "plan_digest", "knowledge_version", "policy_version", "screened_at"))
        for row in rows.iterator(chunk_size=CHUNK):
            yield Row(*row)


def mark_versions(scope: QuerySet[Client], organisation_ids: Sequence[int], versions: tuple[str, str],
                  now: datetime) -> None:
    """Every stale client of these clinics gets the versions in force (one UPDATE per chunk of clinics)."""
    knowledge_version, policy_version = versions
    for first in range(0, len(organisation_ids), CHUNK):
        (scope.filter(organisation_id__in=organisation_ids[first:first + CHUNK])
         .exclude(knowledge_version=knowledge_version, policy_version=policy_version)
         .update(knowledge_version=knowledge_version, policy_version=policy_version, screened_at=now))


def update_clients(columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> None:
    """`UPDATE clinic_client SET <columns> WHERE id = …` for rows of (values…, pk), one executemany."""
    meta = Client._meta
    fields = _fields(Client, columns)
    assignments = ", ".join(f"{connection.ops.quote_name(f.column)} = %s" for f in fields)
    sql = f"UPDATE {connection.ops.quote_name(meta.db_table)} SET {assignments} WHERE id = %s"
    prepared = [[f.get_db_prep_save(v, connection) for f, v in zip(fields, row, strict=False)] + [row[-1]]
                for row in rows]
    if prepared:
        with connection.cursor() as cursor:
            cursor.executemany(sql, prepared)


def replace_plans(plans: Mapping[int, Sequence[PlanRow]]) -> None:
    """Each client's stored plan events replaced by the new ones (their positions in order)."""
    ids = list(plans)
    for first in range(0, len(ids), CHUNK):
        PlannedEvent.objects.filter(client_id__in=ids[first:first + CHUNK]).delete()  # one DELETE: nothing cascades
    meta = PlannedEvent._meta
    fields = _fields(PlannedEvent, ("client", "position", "date", "kind", "title", "zones"))
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = (f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({columns}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    prepared = [[f.get_db_prep_save(v, connection) for f, v in zip(fields, (pk, i, *event), strict=True)]
                for pk, events in plans.items() for i, event in enumerate(events)]
    if prepared:
        with connection.cursor() as cursor:
            cursor.executemany(sql, prepared)


def _fields(model: type[Model], names: Sequence[str]) -> list[Field[Any, Any]]:
    """The concrete fields of these names (columns of the model's own table)."""
    return [cast("Field[Any, Any]", model._meta.get_field(name)) for name in names]
