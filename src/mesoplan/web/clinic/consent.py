"""Consent texts and signatures: publishing a version, and what "a current consent" means.

A consent to a procedure is current when the client signed the latest version the
clinic published of that procedure's text. Publishing a new version therefore makes
every earlier signature stale, on purpose: the client has to read the new text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

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
    latest = latest_text(client.organisation_id, procedure)
    return latest is not None and ConsentSignature.objects.filter(client=client, consent_text=latest).exists()


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


def sign(client: Client, text: ConsentText, signed_name: str, user: Any, now: datetime) -> ConsentSignature:
    """Record the client's signature on the text they were shown.

    Raises:
        SigningRefusedError: the text is not the latest version any more (a newer one was published
            while the client was reading) or belongs to another clinic.
    """
    latest = latest_text(client.organisation_id, text.procedure)
    if text.organisation_id != client.organisation_id or latest is None or latest.pk != text.pk:
        raise SigningRefusedError(_("A newer version of this text has been published: read it and sign that one."))
    with transaction.atomic():
        signature = ConsentSignature.objects.create(
            client=client, consent_text=text, procedure=text.procedure, version=str(text.version),
            text_digest=text.digest, signed_name=signed_name, signed_at=now, captured_by=user)
        audit.record(user, "sign", client=client, detail=f"consent {text.procedure} v{text.version}")
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
