"""Plans keep only their needling days as rows (`snapshot.stored_events`); the other events
are made again from the intake when the client's page shows the plan."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

NEEDLING = ("session", "maintenance")


def keep_needling_days(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    planned = apps.get_model("clinic", "PlannedEvent")
    planned.objects.exclude(kind__in=NEEDLING).delete()


class Migration(migrations.Migration):
    dependencies = [("clinic", "0003_clinic_policy")]

    # Backwards nothing comes back, and nothing needs to: a re-screen or a new intake writes
    # whole plans again where the older code runs.
    operations = [migrations.RunPython(keep_needling_days, migrations.RunPython.noop)]
