"""The bulk re-screen's reads and writes: only the columns it needs, only the rows that changed.

Rows are read as plain tuples with the intake as its stored JSON text (no model instances,
no JSON decoding of intakes that turn out to be untouched), and written back with one
`executemany` per kind of change; the caller wraps the writes in one transaction.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any, NamedTuple, cast

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Field, Model, Q, QuerySet, TextField
from django.db.models.functions import Cast

from mesoplan.web.clinic.models import Client, Organisation, PlannedEvent
from mesoplan.web.clinic.rescreen_work import PlanRow

CHUNK = 2000  # rows fetched at a time, and ids per DELETE … IN (…)
LARGE_WRITE = 20_000  # plan rows from which a larger SQLite page cache pays
LARGE_CACHE_KIB = 128 * 1024


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
    protocol: str  # the protocol chosen ("" : the planner's)


def with_intake(organisation: Organisation | None) -> QuerySet[Client]:
    """The clients a re-screen covers: those with an intake, of one clinic or of all."""
    clients = Client.objects.exclude(intake={})
    return clients if organisation is None else clients.filter(organisation=organisation)


Versions = tuple[int, str, str]  # a clinic, and the knowledge and policy versions its clients were screened with


def stale_versions(scope: QuerySet[Client], organisation_ids: Sequence[int],
                   in_force: tuple[str, str]) -> list[Versions]:
    """Which versions the clients of these clinics were screened with, other than those in force.

    A client already screened with the knowledge and policy in force cannot change.
    """
    out: list[Versions] = []
    for first in range(0, len(organisation_ids), CHUNK):
        rows = (scope.filter(organisation_id__in=organisation_ids[first:first + CHUNK])
                .exclude(knowledge_version=in_force[0], policy_version=in_force[1]).order_by()
                .values_list("organisation_id", "knowledge_version", "policy_version").distinct())
        out += list(rows)
    return sorted(out)


Selection = tuple[Versions, frozenset[str] | None]  # versions, and the words one of which an intake must name


def stale(scope: QuerySet[Client], selections: Sequence[Selection]) -> QuerySet[Any]:
    """The clients screened with any of these versions, by id; where words are given, only those whose
    stored intake may name one of them (or whose answer was never fully stored), found by the database."""
    wanted = Q(pk__in=[])
    for (organisation_id, knowledge_version, policy_version), words in selections:
        same = Q(organisation_id=organisation_id, knowledge_version=knowledge_version, policy_version=policy_version)
        if words is not None:
            named = [Q(intake_text__contains=f'"{word}"') for word in sorted(words)]
            same &= functools.reduce(operator.or_, named, Q(reasons_digest="") | Q(plan_digest=""))
        wanted |= same
    rows = scope.annotate(intake_text=Cast("intake", output_field=TextField())).filter(wanted)
    return rows.order_by("pk").values_list(
        "pk", "organisation_id", "intake_text", "intake_taken_on", "verdict", "earliest_start", "reasons_digest",
        "plan_digest", "knowledge_version", "policy_version", "protocol")


def batch_after(listed: QuerySet[Any], after: int, size: int) -> list[Row]:
    """The next `size` rows of `listed` whose id is above `after` (keyset: the index on id finds them)."""
    return [Row(*row) for row in listed.filter(pk__gt=after)[:size]]


@contextmanager
def large_cache(plan_rows: int) -> Iterator[None]:
    """On SQLite, a larger page cache while many plan rows are replaced.

    SQLite keeps 2 MB of pages by default; replacing a few hundred thousand plan rows
    touches the event indexes all over, and with the default cache most of the time goes
    on reading the same pages again (measured: about 4x slower for 300 000 rows).
    """
    db = connections[DEFAULT_DB_ALIAS]
    if db.vendor != "sqlite" or plan_rows < LARGE_WRITE:
        yield
        return
    with db.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{LARGE_CACHE_KIB}")
    try:
        yield
    finally:
        with db.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def update_clients(columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> None:
    """`UPDATE clinic_client SET <columns> WHERE id = …` for rows of (values…, pk), one executemany."""
    db = connections[DEFAULT_DB_ALIAS]
    fields = _fields(Client, columns)
    assignments = ", ".join(f"{db.ops.quote_name(f.column)} = %s" for f in fields)
    sql = f"UPDATE {db.ops.quote_name(Client._meta.db_table)} SET {assignments} WHERE id = %s"
    adapt = _adapters(db, fields)
    prepared = [[a(v) for a, v in zip(adapt, row, strict=False)] + [row[-1]] for row in rows]
    if prepared:
        with db.cursor() as cursor:
            cursor.executemany(sql, prepared)


def replace_plans(plans: Mapping[int, Sequence[PlanRow]]) -> None:
    """Each client's stored plan events replaced by the new ones (their positions in order)."""
    ids = list(plans)
    for first in range(0, len(ids), CHUNK):
        PlannedEvent.objects.filter(client_id__in=ids[first:first + CHUNK]).delete()  # one DELETE: nothing cascades
    db = connections[DEFAULT_DB_ALIAS]
    fields = _fields(PlannedEvent, ("client", "position", "date", "kind", "title", "zones"))
    columns = ", ".join(db.ops.quote_name(f.column) for f in fields)
    sql = (f"INSERT INTO {db.ops.quote_name(PlannedEvent._meta.db_table)} ({columns}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    day, kind, title, zones = _adapters(db, fields)[2:]  # client and position are plain numbers
    # Clients who share an intake share its plan, and plans name few sets of zones: each plan's
    # events and each set of zones are adapted once (encoding JSON costs more than inserting it).
    adapted: dict[int, list[list[Any]]] = {}
    zone_sets: dict[tuple[str, ...], Any] = {}
    for events in plans.values():
        if id(events) in adapted:
            continue
        rows = adapted[id(events)] = []
        for event in events:
            named = tuple(event[3])
            if named not in zone_sets:
                zone_sets[named] = zones(event[3])
            rows.append([day(event[0]), kind(event[1]), title(event[2]), zone_sets[named]])
    prepared = [[pk, i, *event] for pk, events in plans.items() for i, event in enumerate(adapted[id(events)])]
    if prepared:
        with db.cursor() as cursor:
            cursor.executemany(sql, prepared)

def _fields(model: type[Model], names: Sequence[str]) -> list[Field[Any, Any]]:
    """The concrete fields of these names (columns of the model's own table)."""
    return [cast("Field[Any, Any]", model._meta.get_field(name)) for name in names]


def _adapters(db: Any, fields: Sequence[Field[Any, Any]]) -> list[Callable[[Any], Any]]:
    """Per column, the backend's own conversion of a Python value (what `get_db_prep_save` ends in,
    without its layers: they cost more than the executemany itself on 300 000 plan rows)."""
    ops = db.ops
    out: list[Callable[[Any], Any]] = []
    for f in fields:
        kind = f.get_internal_type()
        if kind == "JSONField":
            out.append(functools.partial(_json, ops, getattr(f, "encoder", None)))
        else:
            out.append({"DateField": ops.adapt_datefield_value,
                        "DateTimeField": ops.adapt_datetimefield_value}.get(kind, _same))
    return out


def _json(ops: Any, encoder: Any, value: Any) -> Any:
    return ops.adapt_json_value(value, encoder)


def _same(value: Any) -> Any:
    return value
