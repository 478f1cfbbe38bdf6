"""A person's own data: all of it in one zip, and the account deleted with all of it.

The zip holds `mesoplan-data.json` (the account, every saved check with its intake, screenings and
plans in the contract's JSON, the diary, the messages sent or queued), `fhir-bundle.json` (the same
person as a FHIR R4B collection, as the clinic exports a client: docs/fhir.md) and the photos, read
through Django's storage (decisions item 6). Deleting removes the account and everything it owns,
then the photo files; a clinic's own record of a linked client stays with the clinic, unlinked.
"""

from __future__ import annotations

import json
import tempfile
import zipfile
from datetime import date
from typing import IO, Any

from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from mesoplan import services
from mesoplan.core.record import ChartedSession, ClientRecord, PlannedItem
from mesoplan.errors import IntakeError
from mesoplan.exports.fhir import export_bundle
from mesoplan.web.accounts.models import saved_language
from mesoplan.web.home.models import ReminderChoice
from mesoplan.web.outbox.models import Message
from mesoplan.web.records import mapping
from mesoplan.web.records.models import Device, Photo, Reaction, SavedCheck, Session

FORMAT = "mesoplan-personal-data"


def _photo_name(photo: Photo) -> str:
    return f"photos/{photo.taken_on.isoformat()}-{photo.kind}-{photo.pk}.jpg"


def data(user: Any) -> dict[str, Any]:
    """Everything mesoplan keeps about the person, as plain JSON values."""
    choice = ReminderChoice.objects.filter(user_id=user.pk).first()
    checks = SavedCheck.objects.owned_by(user).prefetch_related("screenings", "plans").order_by("created_at", "pk")
    return {
        "format": FORMAT, "version": 1, "exported_at": timezone.now(),
        "account": {"username": user.get_username(), "email": user.email, "date_joined": user.date_joined,
                    "language": saved_language(user),
                    "reminders": {"prep": choice.prep, "sessions": choice.sessions} if choice else None},
        "checks": [{
            "id": c.pk, "title": c.title, "created_at": c.created_at, "updated_at": c.updated_at, "intake": c.intake,
            "screenings": [{"created_at": s.created_at, "verdict": s.verdict, "knowledge_version": s.knowledge_version,
                            "intake": s.intake, "result": s.result} for s in c.screenings.order_by("created_at", "pk")],
            "plans": [{"created_at": p.created_at, "protocol_id": p.protocol_id,
                       "knowledge_version": p.knowledge_version, "plan": p.plan}
                      for p in c.plans.order_by("created_at", "pk")],
        } for c in checks],
        "diary": {
            "devices": list(Device.objects.owned_by(user).order_by("pk").values(
                "id", "kind", "label", "needle_mm", "first_used", "uses_before", "last_sanitised", "retired_on")),
            "sessions": list(Session.objects.owned_by(user).order_by("date", "pk").values(
                "id", "date", "setting", "zones", "device_id", "needle_mm", "passes", "serum", "outcome", "notes")),
            "reactions": list(Reaction.objects.owned_by(user).order_by("date", "pk").values(
                "id", "session_id", "date", "symptom", "severity", "notes", "flag_status", "flag_seen_on",
                "flag_seen_note", "flag_resolved_on", "flag_resolved_by", "flag_resolved_note")),
            "photos": [{"id": p.pk, "file": _photo_name(p), "kind": p.kind, "taken_on": p.taken_on, "zone": p.zone,
                        "caption": p.caption, "reaction_id": p.reaction_id}
                       for p in Photo.objects.owned_by(user).order_by("taken_on", "pk")],
        },
        "messages": list(Message.objects.filter(recipient=f"user:{user.pk}").order_by("due_at", "pk").values(
            "kind", "about", "channel", "language", "status", "due_at", "sent_at", "subject")),
    }


def record(user: Any) -> ClientRecord | None:
    """The person as a FHIR-exportable record: their latest saved check's intake, their diary and their
    latest plan. None without a saved check (a record starts from an intake)."""
    check = SavedCheck.objects.owned_by(user).first()
    if check is None:
        return None
    intake = services.parse_intake(check.intake, today=timezone.localdate(check.updated_at))
    sessions = []
    for row in Session.objects.owned_by(user).order_by("date", "pk"):
        logged = mapping.logged_session(row)
        needles = tuple((z, logged.needle_mm) for z in logged.zones) if logged.needle_mm is not None else ()
        sessions.append(ChartedSession(id=f"home-session-{row.pk}", session=logged, needle_by_zone=needles,
                                       notes=row.notes))
    plan = check.plans.order_by("-created_at", "-pk").first()
    events = plan.plan.get("events", []) if plan is not None else []
    return ClientRecord(
        id=f"home-user-{user.pk}", name=user.get_full_name() or user.get_username(), birth_date=None,
        sex=intake.person.sex, intake=intake, sessions=tuple(sessions),
        devices=tuple(mapping.logged_device(d) for d in Device.objects.owned_by(user).order_by("pk")),
        reactions=tuple(mapping.logged_reaction(r) for r in
                        Reaction.objects.owned_by(user).select_related("session").order_by("date", "pk")),
        plan_events=tuple(PlannedItem(date.fromisoformat(e["date"]), e["kind"], str(e.get("title", "")))
                          for e in events),
    )


def write_zip(user: Any, out: IO[bytes]) -> None:
    """Write the person's whole data as a zip to `out`."""
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mesoplan-data.json", json.dumps(data(user), cls=DjangoJSONEncoder, indent=2,
                                                          ensure_ascii=False))
        try:
            person = record(user)
            if person is not None:
                archive.writestr("fhir-bundle.json", export_bundle(person, services.knowledge()))
        except IntakeError as error:  # an old check the current knowledge no longer reads
            archive.writestr("fhir-bundle-not-made.txt", f"The FHIR bundle could not be made: {error}\n")
        for photo in Photo.objects.owned_by(user).order_by("taken_on", "pk"):
            with photo.image.open("rb") as image:
                archive.writestr(_photo_name(photo), image.read(), compress_type=zipfile.ZIP_STORED)


def zip_file(user: Any) -> IO[bytes]:
    """The zip in a temporary file (photos can be large), rewound for reading."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the response, which closes it
    write_zip(user, out)
    out.seek(0)
    return out


def delete_account(user: Any) -> int:
    """Delete the account and everything it owns, then its photo files; returns how many files went.

    A clinic's client record linked to the account stays with the clinic, its link cleared (the
    foreign key is SET_NULL); memberships, tokens, the diary, saved checks and messages go with it.
    """
    files = [p.image.name for p in Photo.objects.owned_by(user) if p.image]
    with transaction.atomic():
        Message.objects.filter(recipient=f"user:{user.pk}").delete()
        user.delete()
    removed = 0
    for name in files:
        if default_storage.exists(name):
            default_storage.delete(name)
            removed += 1
    return removed
