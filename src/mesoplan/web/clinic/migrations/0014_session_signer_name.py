"""Sessions signed before `signed_by_name` existed (0011) get their signer's name (decision 10).

The FHIR record carries the signer by name, and an imported session has no account of this
clinic to point at. The name is filled in from the account that signed, named as a record
names a member (full name, else username); a session signed since keeps the name it was signed with.
"""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

NAME_KEPT = 300  # the field's length


def name_signers(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    # The base manager: a plain one, without the lock of signed sessions (a name is added, nothing changed).
    sessions = apps.get_model("clinic", "ClinicSession")._base_manager
    signed = sessions.filter(signed_by__isnull=False, signed_by_name="").select_related("signed_by")
    for session in signed.iterator(chunk_size=2000):
        user = session.signed_by
        full = f"{user.first_name} {user.last_name}".strip()
        sessions.filter(pk=session.pk).update(signed_by_name=(full or user.username)[:NAME_KEPT])


class Migration(migrations.Migration):
    dependencies = [("clinic", "0013_consent_signer_drawing_and_session_consent")]

    operations = [migrations.RunPython(name_signers, migrations.RunPython.noop)]
