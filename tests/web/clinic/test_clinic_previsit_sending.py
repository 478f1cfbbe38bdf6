"""The link of a client's own intake goes to the client (issue 14): sent through the outbox in the client's
language (email, else a text message; nothing to a client who opted out; never twice a day), listed in the
client's message log, and shown as a QR code on the client's page for the front desk."""

from __future__ import annotations

import re
from typing import Any

import pytest
from clinic_builders import client_of, clinic_intake
from clinic_world import Side
from django.test import Client as Browser
from django.utils import timezone

from mesoplan.web.clinic import previsit_links
from mesoplan.web.clinic.models import AuditEvent, Client, PreVisitIntake
from mesoplan.web.outbox.models import EMAIL, QUEUED, SENT, SMS, Message

pytestmark = pytest.mark.django_db


def _desk(side: Side) -> Browser:
    browser = Browser()
    browser.force_login(side.front_desk)
    return browser


def _client(side: Side, **fields: Any) -> Client:
    return client_of(side.organisation, "Camille Martin", by=side.practitioner,
                     intake=clinic_intake(zones=["cheeks"]), **{"language": "fr", **fields})


def _made_link(desk: Browser, client: Client) -> PreVisitIntake:
    assert desk.post(f"/clinic/clients/{client.pk}/previsit/").status_code == 302
    return PreVisitIntake.objects.filter(client=client).latest("pk")


def _send(desk: Browser, link: PreVisitIntake) -> str:
    answer = desk.post(f"/clinic/previsit/{link.pk}/send/", follow=True)
    assert answer.status_code == 200
    return answer.content.decode()


def test_the_front_desk_emails_the_link_and_the_client_opens_it_from_the_message(ours: Side) -> None:
    camille = _client(ours, email="camille@example.org")
    desk = _desk(ours)
    link = _made_link(desk, camille)
    page = _send(desk, link)
    assert "The link is on its way to the client" in page

    message = Message.objects.get(recipient=f"client:{camille.pk}", kind=previsit_links.KIND)
    assert (message.status, message.channel, message.address, message.language) == (
        QUEUED, EMAIL, "camille@example.org", "fr")
    assert message.about == timezone.localdate() and message.due_at <= timezone.now()
    assert message.subject == f"{ours.organisation.name}\u00a0: vos réponses avant la visite"
    assert "Bonjour Camille Martin" in message.body and "7 jours" in message.body
    assert message.headers["List-Unsubscribe"].startswith("<http")
    path = re.search(r"https?://[^/\s]+(/clinic/intake/\S+/)", message.body)
    assert path is not None
    form = Browser().get(path.group(1))  # no account: the link is the key
    assert form.status_code == 200 and "Avant votre visite" in form.content.decode()

    log = desk.get(f"/clinic/clients/{camille.pk}/").content.decode()
    assert "Link to the intake" in log
    assert AuditEvent.objects.filter(client=camille, detail__contains="sent by message").count() == 1


def test_a_link_is_sent_once_a_day_and_never_to_a_client_who_opted_out_or_cannot_be_reached(ours: Side) -> None:
    desk = _desk(ours)
    camille = _client(ours, email="camille@example.org")
    first = _made_link(desk, camille)
    _send(desk, first)
    Message.objects.filter(kind=previsit_links.KIND).update(status=SENT, sent_at=timezone.now())
    second = _made_link(desk, camille)
    assert "A link was sent to this client today already" in _send(desk, second)
    assert Message.objects.filter(kind=previsit_links.KIND).count() == 1

    quiet = _client(ours, email="quiet@example.org", messages_opt_out=True)
    unreachable = _client(ours)
    for client in (quiet, unreachable):
        page = _send(desk, _made_link(desk, client))
        assert "show them the QR code" in page
        assert not Message.objects.filter(recipient=f"client:{client.pk}").exists()


def test_a_client_with_only_a_phone_gets_a_text_message_with_the_link(ours: Side) -> None:
    desk = _desk(ours)
    bo = _client(ours, phone="+33 6 12 34 56 78", language="ru")
    _send(desk, _made_link(desk, bo))
    message = Message.objects.get(recipient=f"client:{bo.pk}", kind=previsit_links.KIND)
    assert (message.channel, message.language) == (SMS, "ru")
    assert "/clinic/intake/" in message.body and "\n" not in message.body.strip()
    assert "около десяти минут" in message.body


def test_a_used_link_is_not_sent_and_each_open_link_has_its_own_qr_code(ours: Side) -> None:
    desk = _desk(ours)
    camille = _client(ours, email="camille@example.org")
    first, second = _made_link(desk, camille), _made_link(desk, camille)
    page = desk.get(f"/clinic/clients/{camille.pk}/").content.decode()
    codes = re.findall(r'<figure class="qr-code"><svg viewBox="[^"]+" class="segno">.*?</svg>', page, flags=re.S)
    assert len(codes) == 2 and codes[0] != codes[1]
    assert "Send it by email" in page
    PreVisitIntake.objects.filter(pk=first.pk).update(submitted_at=timezone.now(), intake={"setting": "clinic"})
    assert "This link was used or has expired" in _send(desk, first)
    assert not Message.objects.filter(kind=previsit_links.KIND).exists()
    assert second.pk != first.pk
