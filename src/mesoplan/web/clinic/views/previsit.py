"""The client's own intake before the visit: staff make the link, the client fills the form from it
without an account, a practitioner accepts or sets aside what came (`clinic.previsit`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mesoplan.errors import IntakeError
from mesoplan.web.clinic import access, client_messages, previsit, previsit_links
from mesoplan.web.clinic.models import PreVisitIntake
from mesoplan.web.clinic.views.common import client_for, signed_in
from mesoplan.web.front.errors import full_message
from mesoplan.web.selfcheck import intake_page

REFUSED_STATUS = {previsit.INVALID: 404, previsit.EXPIRED: 410, previsit.USED: 410}


@require_POST
@login_required
def previsit_link_new(request: HttpRequest, pk: int) -> HttpResponse:
    client = client_for(request, pk, "send_intake_link")
    previsit.make_link(client, signed_in(request))
    messages.success(request, _("Link made: give it to the client, or copy it into a message. It works once, "
                                "for %(days)d days.") % {"days": previsit.LINK_DAYS})
    return redirect("clinic:client_detail", pk=client.pk)


SENT_NOTES = {
    previsit_links.Sending.QUEUED: lambda: _("The link is on its way to the client, in their language. The "
                                             "messages below show when it has left."),
    previsit_links.Sending.SENT_ALREADY: lambda: _("A link was sent to this client today already: show them "
                                                   "the QR code, or copy the link into a message."),
    previsit_links.Sending.NO_WAY: lambda: _("The client has no email address or phone on file, or wants no "
                                             "messages: show them the QR code, or copy the link."),
}


@require_POST
@login_required
def previsit_link_send(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a link that is still open to its client (email, else a text message)."""
    row = access.member_or_404(request.user, PreVisitIntake, pk)
    client = client_for(request, row.client_id, "send_intake_link")
    if row.pk not in {r.pk for r in previsit.open_links(client, timezone.now())}:
        messages.error(request, _("This link was used or has expired: make a new one."))
        return redirect("clinic:client_detail", pk=client.pk)
    outcome = previsit_links.send(row, signed_in(request), timezone.now())
    (messages.success if outcome is previsit_links.Sending.QUEUED else messages.warning)(
        request, SENT_NOTES[outcome]())
    return redirect("clinic:client_detail", pk=client.pk)


def previsit_intake(request: HttpRequest, token: str) -> HttpResponse:
    """The client's form, in the client's language; no account needed: the signed link is the key."""
    try:
        row = previsit.open_link(token)
    except previsit.LinkRefusedError as refused:
        owner = previsit.client_of_token(token)
        with client_messages.speaking(client_messages.language_of(owner) if owner else translation.get_language()):
            return render(request, "clinic/previsit_refused.html",
                          {"reason": refused.reason, "clinic": owner.organisation.name if owner else ""},
                          status=REFUSED_STATUS[refused.reason])
    client = row.client
    with client_messages.speaking(client_messages.language_of(client)):
        outcome = intake_page.handle(request, previsit.initial_for(client, timezone.localdate()), {
            "template": "clinic/previsit_form.html", "clinic": client.organisation.name,
            "page_title": _("Before your visit to %(clinic)s") % {"clinic": client.organisation.name},
            "submit_label": _("Send to the clinic")})
        if outcome.intake is None:
            assert outcome.response is not None
            return outcome.response
        try:
            previsit.submit(row, outcome.intake, timezone.now())
        except previsit.LinkRefusedError as refused:
            return render(request, "clinic/previsit_refused.html",
                          {"reason": refused.reason, "clinic": client.organisation.name}, status=410)
        return render(request, "clinic/previsit_refused.html", {"reason": "sent", "clinic": client.organisation.name})


@require_POST
@login_required
def previsit_review(request: HttpRequest, pk: int) -> HttpResponse:
    row = access.member_or_404(request.user, PreVisitIntake, pk)
    client = row.client
    access.for_request(request, client.organisation_id).require("review_intake")
    decision = request.POST.get("decision")
    if not row.to_review:
        messages.error(request, _("This intake was reviewed already."))
    elif decision not in ("accept", "set_aside"):
        messages.error(request, _("Choose to accept the client's intake or to set it aside."))
    elif decision == "set_aside":
        previsit.set_aside(row, signed_in(request), timezone.now())
        messages.success(request, _("The client's intake was set aside; the intake on file stays."))
    else:
        try:
            previsit.accept(row, signed_in(request), timezone.now())
        except IntakeError as error:
            messages.error(request, full_message(error))
        else:
            messages.success(request, _("The client's intake is now on file, screened and planned."))
    return redirect("clinic:client_detail", pk=client.pk)
