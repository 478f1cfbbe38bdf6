"""Getting the link of a client's own intake to the client (issue 14): sent through the outbox, or shown
as a QR code that the client scans at the front desk.

The message is one of the clinic's preparation messages (decisions item 2): it goes by email, or by
text message when the clinic has only a phone number, in the client's language, and not at all to a
client who opted out. It is about the day it is sent: sent twice the same day it is one message,
written again while it waits, never sent twice (the outbox's rule); the log on the client's page
shows it with the rest.
"""

from __future__ import annotations

import enum
from datetime import datetime

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from mesoplan.web.clinic import audit, client_messages, previsit
from mesoplan.web.clinic.models.previsit import PreVisitIntake
from mesoplan.web.outbox.models import SENT, SMS
from mesoplan.web.outbox.queueing import Draft, queue

KIND = "clinic.intake_link"


class Sending(enum.Enum):
    """What asking to send a link gave."""

    QUEUED = "queued"  # it leaves with the outbox's next round
    SENT_ALREADY = "sent_already"  # a link went to this client today: the outbox never sends a kind twice a day
    NO_WAY = "no_way"  # no email address and no phone, or the client wants no messages


def site_url(row: PreVisitIntake) -> str:
    """The link as the client opens it from a message: on the site's address, not the one staff use."""
    return settings.MESOPLAN_SITE_URL + previsit.path_of(row)


def qr_svg(url: str) -> SafeString:
    """The link as a QR code, inline SVG (no inline style: the Content-Security-Policy allows none).
    Error correction M: a code shown on a screen is read whole, and M keeps it small enough to scan."""
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(scale=4, border=4, dark="#000", light="#fff", omitsize=True,
                           title=gettext("Link for the client"))
    return mark_safe(svg)  # segno writes only its own markup; the URL is not in it, only its modules


def send(row: PreVisitIntake, by: object, now: datetime) -> Sending:
    """Queue the link to the client in their language; audited. Nothing is queued for a client the
    clinic cannot reach or who opted out."""
    client = row.client
    channel = client_messages.channel_of(client)
    if channel is None:
        return Sending.NO_WAY
    language = client_messages.language_of(client)
    with client_messages.speaking(language):
        context = {"name": client.name, "clinic": client.organisation.name, "url": site_url(row),
                   "days": previsit.LINK_DAYS, "stop_url": client_messages.stop_url(client)}
        template = "clinic/messages/intake_link{}.txt".format("_sms" if channel.kind == SMS else "")
        body = render_to_string(template, context).strip() + "\n"
        subject = gettext("%(clinic)s: your answers before the visit") % context
    draft = Draft(kind=KIND, about=timezone.localtime(now).date(), due_at=now, address=channel.address,
                  subject=subject, body=body, language=language, channel=channel.kind,
                  headers=client_messages.headers(client, channel))
    message = queue(client_messages.recipient(client), draft)
    if message.status == SENT or message.claimed_at is not None:
        return Sending.SENT_ALREADY
    audit.record(by, "create", client=client, detail="the link for the client's own intake, sent by message")
    return Sending.QUEUED
