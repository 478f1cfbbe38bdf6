"""Red flags closed by a later session stay closed (decisions item 10).

Before warning signs had their own steps, a red flag counted as open only until the person logged a
session after it. Those flags are marked resolved on the day of that session, with a note saying so,
so that no existing diary is suddenly blocked by a flag its owner has long dealt with. Flags on or after
the person's latest session were open then and stay open now.
"""

from typing import Any

from django.db import migrations
from django.db.models import Max, OuterRef, Q, Subquery

NOTE = "Closed by a later session, logged before warning signs had their own steps."
CHUNK = 500  # rows per UPDATE: short statements however long the diaries


def close_flags_a_session_followed(apps: Any, schema_editor: Any) -> None:
    from mesoplan import services  # the shipped knowledge says which symptoms are red flags

    kb = services.knowledge()
    reaction = apps.get_model("records", "Reaction")
    session = apps.get_model("records", "Session")
    red = [e.id for e in kb.side_effects.values() if e.kind == "red_flag"]
    flagged = Q(symptom__in=red) | Q(severity__gte=kb.thresholds.severe_rating)
    last_day = dict(session.objects.order_by().values("owner").annotate(day=Max("date")).values_list("owner", "day"))
    ids = [pk for pk, owner, day in reaction.objects.filter(flagged, flag_status="open")
           .values_list("pk", "owner", "date") if owner in last_day and day < last_day[owner]]
    closing = session.objects.filter(owner=OuterRef("owner"), date__gt=OuterRef("date")).order_by("date")
    for start in range(0, len(ids), CHUNK):
        reaction.objects.filter(pk__in=ids[start:start + CHUNK]).update(
            flag_status="resolved", flag_resolved_on=Subquery(closing.values("date")[:1]), flag_resolved_note=NOTE)


class Migration(migrations.Migration):

    dependencies = [
        ("records", "0003_reaction_flag_steps"),
    ]

    operations = [
        migrations.RunPython(close_flags_a_session_followed, migrations.RunPython.noop),
    ]
