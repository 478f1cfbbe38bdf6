"""The bulk re-screen: every client's intake screened and planned again, after the knowledge base or a
clinic's policy changed, and the clients whose verdict, reasons or plan changed marked for the dashboard.

`rescreen_all` is the one entry point (the dashboard's button and `mesoplan rescreen` call it);
keep its signature and its report stable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from mesoplan.errors import IntakeError
from mesoplan.web.clinic import snapshot
from mesoplan.web.clinic.models import Client, Organisation, PlannedEvent

UPDATED_FIELDS = [*snapshot.SNAPSHOT_FIELDS, "screened_at", "previous_verdict", "changed_at"]


@dataclass(frozen=True)
class RescreenReport:
    """What a re-screen did: how many clients it screened, which changed, which could not be read."""

    checked: int = 0
    changed_client_ids: tuple[int, ...] = ()
    failures: tuple[tuple[int, str, str], ...] = field(default=())  # (client id, field, problem)
    knowledge_version: str = ""

    @property
    def changed(self) -> int:
        return len(self.changed_client_ids)

    def as_data(self) -> dict[str, Any]:
        """The report as plain JSON data."""
        return {"checked": self.checked, "changed": self.changed, "changed_client_ids": list(self.changed_client_ids),
                "failures": [{"client_id": c, "field": f, "problem": p} for c, f, p in self.failures],
                "knowledge_version": self.knowledge_version}


def rescreen_all(organisation: Organisation | None = None) -> RescreenReport:
    """Screen and plan every client with an intake again (of one clinic, or of all).

    A client whose verdict, earliest start, reasons or plan differ gets `previous_verdict`
    and `changed_at` (now) and a new stored plan; one whose answer is the same only gets
    the new versions. A stored intake that no longer parses (the vocabulary changed) is
    reported, and its client left as it was.
    """
    now = timezone.now()
    clients = Client.objects.order_by("pk")
    if organisation is not None:
        clients = clients.filter(organisation=organisation)
    checked, changed, failures, to_save, new_plans = 0, [], [], [], {}
    version = ""
    for client in clients.iterator(chunk_size=500):
        if not client.intake:
            continue
        try:
            taken = snapshot.take(client.intake, client.organisation_id, client.intake_taken_on)
        except IntakeError as error:
            failures.append((client.pk, error.field, error.problem))
            continue
        checked += 1
        version = taken.knowledge_version
        if taken.differs_from(client):
            client.previous_verdict, client.changed_at = client.verdict, now
            changed.append(client.pk)
            if taken.plan_digest != client.plan_digest:
                new_plans[client.pk] = snapshot.planned_rows(client, taken.events)
        elif (taken.knowledge_version, taken.policy_version) == (client.knowledge_version, client.policy_version):
            continue
        snapshot.apply(client, taken, now)
        to_save.append(client)
    with transaction.atomic():
        Client.objects.bulk_update(to_save, UPDATED_FIELDS, batch_size=500)
        PlannedEvent.objects.filter(client_id__in=list(new_plans)).delete()
        PlannedEvent.objects.bulk_create([row for rows in new_plans.values() for row in rows], batch_size=1000)
    return RescreenReport(checked, tuple(changed), tuple(failures), version)
