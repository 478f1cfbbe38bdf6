"""Taking a client's consent in the clinic: the text in force for a procedure, read, then signed by name."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mesoplan.web.clinic import consent
from mesoplan.web.clinic.errors import SigningRefusedError
from mesoplan.web.clinic.forms.consent import SignatureForm
from mesoplan.web.clinic.models import Client, ConsentText
from mesoplan.web.clinic.models.sessions import PROCEDURE_CHOICES
from mesoplan.web.clinic.views.common import client_for


@login_required
def consent_capture(request: HttpRequest, pk: int, procedure: str) -> HttpResponse:
    client = client_for(request, pk, "capture_consent", page=f"consent {procedure}")
    return signature_page(request, client, procedure, done=reverse("clinic:client_detail", args=[client.pk]))


def signature_page(request: HttpRequest, client: Client, procedure: str, done: str,
                   own_page: bool = False) -> HttpResponse:
    """The text in force and the signature form; shared by the clinic's page and the client's own
    (`own_page`). `done` is where to go afterwards."""
    labels = dict(PROCEDURE_CHOICES)
    if procedure not in labels:
        messages.error(request, _("Unknown procedure."))
        return redirect(done)
    text = consent.latest_text(client.organisation_id, procedure)
    form = SignatureForm(request.POST or None, initial={"text_id": text.pk if text else None})
    if request.method == "POST" and text is not None and form.is_valid():
        shown = ConsentText.objects.filter(pk=form.cleaned_data["text_id"], organisation_id=client.organisation_id,
                                           procedure=procedure).first()
        try:
            if shown is None:  # an id the page never showed
                raise SigningRefusedError(_("Read the text on this page, then sign it."))
            # `sign` refuses the text shown if it is no longer the latest version
            consent.sign(client, shown, form.cleaned_data["signed_name"], request.user, timezone.now())
        except SigningRefusedError as error:
            messages.error(request, str(error))
            return redirect(request.path)
        messages.success(request, _("Consent signed."))
        return redirect(done)
    return render(request, "clinic/consent_sign.html", {
        "client": client, "procedure": labels[procedure], "text": text, "form": form,
        "current": consent.is_current(client, procedure), "own_page": own_page})
