"""A signed session keeps its signer's name, as it keeps the practitioner's (decision 10).

The FHIR record carries the signer by name, and an imported session has no account of this
clinic to point at. Sessions signed before keep their signer: the name is filled in from the
account that signed, named as a record names a member (full name, else username).
"""

from django.apps.registry import Apps
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

NAME_KEPT = 150


def name_signers(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    # The base manager: a plain one, without the lock of signed sessions (a name is added, nothing changed).
    sessions = apps.get_model("clinic", "ClinicSession")._base_manager
    signed = sessions.filter(signed_by__isnull=False, signed_by_name="").select_related("signed_by")
    for session in signed.iterator(chunk_size=2000):
        user = session.signed_by
        full = f"{user.first_name} {user.last_name}".strip()
        sessions.filter(pk=session.pk).update(signed_by_name=(full or user.username)[:NAME_KEPT])


class Migration(migrations.Migration):
    dependencies = [("clinic", "0007_rescreen_runs")]

    operations = [
        migrations.AddField(model_name="clinicsession", name="signed_by_name",
                            field=models.CharField(blank=True, max_length=150)),
        migrations.RunPython(name_signers, migrations.RunPython.noop),
    ]
