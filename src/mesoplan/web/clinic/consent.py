"""Consent texts and signatures: publishing a version, and what "a current consent" means.

A consent to a procedure is current when the client signed the latest version the
clinic published of that procedure's text. Publishing a new version therefore makes
every earlier signature stale, on purpose: the client has to read the new text.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from mesoplan import services
from mesoplan.core import signer
from mesoplan.web.clinic import audit
from mesoplan.web.clinic.errors import SigningRefusedError
from mesoplan.web.clinic.models import Client, ConsentSignature, ConsentText, Organisation
from mesoplan.web.clinic.models.sessions import PROCEDURE_CHOICES


def latest_text(organisation_id: int, procedure: str) -> ConsentText | None:
    """The version of a procedure's consent text in force, if the clinic published one."""
    return (ConsentText.objects.filter(organisation_id=organisation_id, procedure=procedure)
            .order_by("-version").first())


def is_current(client: Client, procedure: str) -> bool:
    """Whether the client signed the latest published text for the procedure."""
    return current_signature(client, procedure) is not None


def current_signature(client: Client, procedure: str) -> ConsentSignature | None:
    """The client's signature on the latest published text for the procedure, if any."""
    latest = latest_text(client.organisation_id, procedure)
    if latest is None:
        return None
    return ConsentSignature.objects.filter(client=client, consent_text=latest).order_by("-signed_at", "-pk").first()


def publish(organisation: Organisation, procedure: str, text: str, user: Any) -> ConsentText:
    """Publish the next version of a procedure's text (versions count 1, 2, 3… per procedure)."""
    with transaction.atomic():
        # Lock the clinic row so that two admins publishing at once cannot take the same number.
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        last = ConsentText.objects.filter(organisation=organisation, procedure=procedure).aggregate(n=Max("version"))
        published = ConsentText.objects.create(organisation=organisation, procedure=procedure,
                                               version=(last["n"] or 0) + 1, text=text, published_by=user)
        audit.record(user, "create", organisation=organisation,
                     detail=f"consent text {procedure} v{published.version}")
    return published


@dataclass(frozen=True)
class Signing:
    """How a signature was given, beyond the typed name: all optional, as for a signature the
    client types on their own page without drawing."""

    name_differs_reason: str = ""  # staff confirmed the signer is the client, and why the name differs
    guardian_name: str = ""  # a minor's parent or guardian, who then signs
    guardian_relation: str = ""
    drawing: ContentFile[bytes] | None = None  # the drawn signature, a checked PNG
    device: str = ""  # the signing browser's user agent


def needs_guardian(client: Client, now: datetime) -> bool:
    """Whether the client is a minor on the day (their birth date and the knowledge base's age)."""
    return signer.is_minor(client.birth_date, timezone.localdate(now), services.knowledge())


def refusal(client: Client, signed_name: str, signing: Signing, now: datetime) -> str | None:
    """Why this signer may not sign for the client, or None: a minor needs a guardian who signs with
    their own name; an adult signs with their own name unless staff confirmed a different one."""
    if needs_guardian(client, now):
        if not (signing.guardian_name and signing.guardian_relation):
            return _("%(name)s is a minor: a parent or guardian signs, with their name and relation.") % {
                "name": client.name}
        if not signer.same_name(signed_name, signing.guardian_name):
            return _("The name signed must be the guardian's name.")
        return None
    if signer.same_name(signed_name, client.name) or signing.name_differs_reason:
        return None
    return _("The name signed is not the client's name (%(name)s).") % {"name": client.name}


def sign(client: Client, text: ConsentText, signed_name: str, user: Any, now: datetime,
         signing: Signing | None = None) -> ConsentSignature:
    """Record the client's signature on the text they were shown.

    Raises:
        SigningRefusedError: the text is not the latest version any more (a newer one was published
            while the client was reading) or belongs to another clinic; or the signer may not sign
            (`refusal`).
    """
    signing = signing or Signing()
    latest = latest_text(client.organisation_id, text.procedure)
    if text.organisation_id != client.organisation_id or latest is None or latest.pk != text.pk:
        raise SigningRefusedError(_("A newer version of this text has been published: read it and sign that one."))
    if (why := refusal(client, signed_name, signing, now)) is not None:
        raise SigningRefusedError(why)
    minor = needs_guardian(client, now)
    drawing = signing.drawing
    with transaction.atomic():
        signature = ConsentSignature(
            client=client, consent_text=text, procedure=text.procedure, version=str(text.version),
            text_digest=text.digest, signed_name=signed_name, signed_at=now, captured_by=user,
            name_differs_reason="" if minor else signing.name_differs_reason,
            name_confirmed_by=user if signing.name_differs_reason and not minor else None,
            guardian_name=signing.guardian_name if minor else "",
            guardian_relation=signing.guardian_relation if minor else "",
            device=signing.device[:300])
        if drawing is not None:
            data = drawing.read()
            signature.drawing_digest = "sha256:" + hashlib.sha256(data).hexdigest()
            signature.drawing.save("signature.png", ContentFile(data), save=False)
        signature.save()
        detail = f"consent {text.procedure} v{text.version}"
        audit.record(user, "sign", client=client, detail=detail)
    return signature


@dataclass(frozen=True)
class ConsentStatus:
    """One procedure's consent for a client: the text in force (if any) and whether it is signed."""

    procedure: str
    label: str
    text: ConsentText | None
    signed: ConsentSignature | None  # the signature on `text`, if any

    @property
    def current(self) -> bool:
        return self.signed is not None


def statuses(client: Client) -> list[ConsentStatus]:
    """Each procedure's consent for the client, in the order of the procedures."""
    found = []
    for procedure, label in PROCEDURE_CHOICES:
        text = latest_text(client.organisation_id, procedure)
        signed = client.consents.filter(consent_text=text).first() if text is not None else None
        found.append(ConsentStatus(procedure, str(label), text, signed))
    return found


@dataclass(frozen=True)
class SignedVersion:
    """One signature of the client's history, and whether it is on the text in force."""

    signature: ConsentSignature
    label: str  # the procedure, in the reader's language
    current: bool


def history(client: Client) -> list[SignedVersion]:
    """Every signature the client gave, every version kept (a new version never hides an older
    signature): by procedure, newest first."""
    labels = dict(PROCEDURE_CHOICES)
    latest = {procedure: latest_text(client.organisation_id, procedure) for procedure in labels}
    rows = client.consents.select_related("name_confirmed_by").order_by("procedure", "-signed_at", "-pk")
    return [SignedVersion(row, str(labels.get(row.procedure, row.procedure)),
                          row.consent_text_id is not None and row.consent_text_id == getattr(
                              latest.get(row.procedure), "pk", None))
            for row in rows]
