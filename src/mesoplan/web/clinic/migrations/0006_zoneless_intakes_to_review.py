"""Intakes stored without a zone are kept, and marked to review (decision 10).

The contract now requires at least one zone. An intake stored before that, with none, was
screened as `go` with no session: an answer about nothing. There is no sensible zone to
write into it, so the intake (and the day it was taken) stays as it is and only the
screening kept from it is cleared: no list, page or API shows that `go` any more, the
client's page shows the intake's problem (`zones: expected at least one zone …`) instead,
and the re-screen, finding it unscreened, reports it among the intakes that no longer read
until someone at the clinic chooses the zones.
"""

from typing import Any

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

BATCH = 2000
UNSCREENED: dict[str, Any] = {"verdict": "", "earliest_start": None, "reasons_digest": "", "plan_digest": "",
                              "knowledge_version": "", "policy_version": "", "screened_at": None}


def names_no_zone(intake: object) -> bool:
    """A taken intake ({} is one not taken yet) whose `zones` is missing or empty."""
    return isinstance(intake, dict) and bool(intake) and not intake.get("zones")


def mark_zoneless_to_review(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    client = apps.get_model("clinic", "Client")
    found = [pk for pk, intake in client.objects.values_list("pk", "intake").iterator(chunk_size=BATCH)
             if names_no_zone(intake)]
    for first in range(0, len(found), BATCH):
        client.objects.filter(pk__in=found[first:first + BATCH]).update(**UNSCREENED)


class Migration(migrations.Migration):
    dependencies = [("clinic", "0005_gate_clearance_flags")]

    # Backwards nothing needs undoing: the next re-screen of older code screens them again.
    operations = [migrations.RunPython(mark_zoneless_to_review, migrations.RunPython.noop)]
