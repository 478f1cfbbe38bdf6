"""The client's own intake before the visit (issue 14).

Staff make a link for a client (`make_link`); it carries a token signed with Django's
`TimestampSigner` (the row's id and a random nonce), expires after `LINK_DAYS` and works once. The
client opens it without an account and fills the self-check's form in their own language; what they
send is kept on the row as "to review" (`submit`), never as the client's intake. A practitioner sees
what changed against the intake on file and accepts it (`accept`: it becomes the client's intake,
screened and planned as one taken at the clinic, audited) or sets it aside.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from mesoplan.web.clinic import audit, clients
from mesoplan.web.clinic.models import Client
from mesoplan.web.clinic.models.previsit import ACCEPTED, SET_ASIDE, PreVisitIntake

LINK_DAYS = 7
LINK_AGE = timedelta(days=LINK_DAYS)
SALT = "mesoplan.clinic.previsit"
INVALID, EXPIRED, USED = "invalid", "expired", "used"


class LinkRefusedError(Exception):
    """The link cannot be used: `reason` is INVALID (does not read), EXPIRED or USED."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def token_of(row: PreVisitIntake) -> str:
    return _signer().sign_object({"p": row.pk, "n": row.nonce})


def path_of(row: PreVisitIntake) -> str:
    return reverse("clinic:previsit_intake", args=[token_of(row)])


def open_links(client: Client, now: datetime) -> list[PreVisitIntake]:
    """The client's links not used and not expired, newest first (to copy again)."""
    return list(PreVisitIntake.objects.filter(client=client, submitted_at__isnull=True, created_at__gt=now - LINK_AGE))


def make_link(client: Client, by: Any) -> PreVisitIntake:
    """A new link for the client; links made before stay valid until used or expired."""
    with transaction.atomic():
        row = PreVisitIntake.objects.create(client=client, created_by=by)
        audit.record(by, "create", client=client, detail="link for the client's own intake")
    return row


def open_link(token: str) -> PreVisitIntake:
    """The row a token names, while it may still be filled in. Raises `LinkRefusedError`."""
    try:
        data = _signer().unsign_object(token, max_age=LINK_AGE)
    except signing.SignatureExpired as error:
        raise LinkRefusedError(EXPIRED) from error
    except (signing.BadSignature, ValueError) as error:
        raise LinkRefusedError(INVALID) from error
    row = _row(data)
    if row is None:
        raise LinkRefusedError(INVALID)
    if row.submitted_at is not None:
        raise LinkRefusedError(USED)
    if row.created_at <= timezone.now() - LINK_AGE:  # the page signs the link again each time it shows it
        raise LinkRefusedError(EXPIRED)
    return row


def client_of_token(token: str) -> Client | None:
    """The client a token names, even when spent or expired (to answer in their language)."""
    try:
        data = _signer().unsign_object(token)  # no max_age: an expired token still says whose it was
    except (signing.BadSignature, ValueError):
        return None
    row = _row(data)
    return row.client if row is not None else None


def _row(data: object) -> PreVisitIntake | None:
    """The row a token's data names (its id and nonce), if any."""
    if not isinstance(data, dict) or not isinstance(data.get("p"), int) or not isinstance(data.get("n"), str):
        return None
    return PreVisitIntake.objects.select_related("client__organisation").filter(pk=data["p"], nonce=data["n"]).first()


def initial_for(client: Client, today: date) -> dict[str, Any]:
    """What the client's form starts with: their intake on file (to check and change), else their age and
    sex as the clinic has them, so nothing is typed twice; the setting is the clinic's, starting today."""
    if client.intake:
        return {**client.intake, "setting": "clinic", "start": today.isoformat()}
    person: dict[str, Any] = {}
    if client.birth_date is not None:
        born = client.birth_date
        person["age"] = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    if client.sex:
        person["sex"] = client.sex
    return {"setting": "clinic", "start": today.isoformat(), "person": person}


def submit(row: PreVisitIntake, intake: Mapping[str, Any], now: datetime) -> None:
    """Keep what the client sent, to review; the link is spent. Raises `LinkRefusedError` (USED) if it
    was spent meanwhile (two tabs)."""
    with transaction.atomic():
        locked = PreVisitIntake.objects.select_for_update().get(pk=row.pk)
        if locked.submitted_at is not None:
            raise LinkRefusedError(USED)
        locked.intake, locked.submitted_at = {**intake, "setting": "clinic"}, now
        locked.save(update_fields=["intake", "submitted_at"])
        audit.record(None, "create", client=row.client, detail="the client's own intake, to review")


def to_review(client: Client) -> PreVisitIntake | None:
    """The latest intake the client sent that nobody reviewed yet."""
    return (PreVisitIntake.objects.filter(client=client, submitted_at__isnull=False, outcome="")
            .order_by("-submitted_at").first())


def accept(row: PreVisitIntake, user: Any, now: datetime) -> None:
    """The client's intake becomes theirs on file: screened and planned (`clients.set_intake`), audited.

    Raises:
        IntakeError: it no longer reads (the knowledge base changed since); nothing is stored.
    """
    with transaction.atomic():
        clients.set_intake(row.client, row.intake, user, now)
        _review(row, ACCEPTED, user, now)


def set_aside(row: PreVisitIntake, user: Any, now: datetime) -> None:
    with transaction.atomic():
        _review(row, SET_ASIDE, user, now)


def _review(row: PreVisitIntake, outcome: str, user: Any, now: datetime) -> None:
    row.outcome, row.reviewed_by, row.reviewed_at = outcome, user, now
    row.save(update_fields=["outcome", "reviewed_by", "reviewed_at"])
    audit.record(user, "change", client=row.client, detail=f"the client's own intake: {outcome}")


@dataclass(frozen=True)
class Change:
    """One answer the client gave differently from the intake on file: its key and both values."""

    key: str
    before: Any
    after: Any


IGNORED = frozenset({"setting", "start"})  # the form sets them: not the client's news


def changes(on_file: Mapping[str, Any], sent: Mapping[str, Any]) -> list[Change]:
    """What the client's intake says differently from the one on file, answer by answer (a person's
    detail — age, sex, pregnancy... — on its own)."""
    found: list[Change] = []
    before_person, after_person = dict(on_file.get("person") or {}), dict(sent.get("person") or {})
    for key in sorted(set(before_person) | set(after_person)):
        if before_person.get(key) != after_person.get(key):
            found.append(Change(key, before_person.get(key), after_person.get(key)))
    for key in sorted((set(on_file) | set(sent)) - IGNORED - {"person"}):
        if (on_file.get(key) or None) != (sent.get(key) or None):
            found.append(Change(key, on_file.get(key), sent.get(key)))
    return found
