"""Taking a client's consent in the clinic: the text in force for a procedure, read, then signed
by name (and drawn, where the browser runs the canvas script)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mesoplan.web.clinic import access, audit, consent, handover
from mesoplan.web.clinic import consent_pdf as consent_pdf_file
from mesoplan.web.clinic.errors import SigningRefusedError
from mesoplan.web.clinic.forms.consent import SignatureForm, UnlockForm
from mesoplan.web.clinic.models import Client, ConsentSignature, ConsentText
from mesoplan.web.clinic.models.sessions import PROCEDURE_CHOICES
from mesoplan.web.clinic.views.common import client_for


@login_required
def consent_capture(request: HttpRequest, pk: int, procedure: str) -> HttpResponse:
    client = client_for(request, pk, "capture_consent", page=f"consent {procedure}")
    return signature_page(request, client, procedure, done=reverse("clinic:client_detail", args=[client.pk]),
                          can_confirm=True)


def signature_page(request: HttpRequest, client: Client, procedure: str, done: str, *, own_page: bool = False,
                   can_confirm: bool = False, template: str = "clinic/consent_sign.html") -> HttpResponse:
    """The text in force and the signature form; shared by the clinic's page, the locked hand-over
    screen and the client's own page (`own_page`). Only staff on their own screen may confirm a
    name that differs (`can_confirm`). `done` is where to go afterwards."""
    labels = dict(PROCEDURE_CHOICES)
    if procedure not in labels:
        messages.error(request, _("Unknown procedure."))
        return redirect(done)
    text = consent.latest_text(client.organisation_id, procedure)
    minor = consent.needs_guardian(client, timezone.now())
    form = SignatureForm(request.POST or None, initial={"text_id": text.pk if text else None},
                         client=client, minor=minor, can_confirm=can_confirm)
    if request.method == "POST" and text is not None and form.is_valid():
        shown = ConsentText.objects.filter(pk=form.cleaned_data["text_id"], organisation_id=client.organisation_id,
                                           procedure=procedure).first()
        data = form.cleaned_data
        signing = consent.Signing(
            name_differs_reason=data.get("name_differs_reason", "").strip() if data.get("name_differs") else "",
            guardian_name=data.get("guardian_name", ""), guardian_relation=data.get("guardian_relation", ""),
            drawing=data.get("drawing"), device=request.META.get("HTTP_USER_AGENT", ""))
        try:
            if shown is None:  # an id the page never showed
                raise SigningRefusedError(_("Read the text on this page, then sign it."))
            # `sign` refuses the text shown if it is no longer the latest version
            consent.sign(client, shown, data["signed_name"], request.user, timezone.now(), signing)
        except SigningRefusedError as error:
            messages.error(request, str(error))
            return redirect(request.path)
        messages.success(request, _("Consent signed."))
        return redirect(done)
    return render(request, template, {
        "client": client, "procedure": labels[procedure], "procedure_code": procedure, "text": text,
        "form": form, "minor": minor, "current": consent.is_current(client, procedure), "own_page": own_page})


@require_POST
@login_required
def handover_start(request: HttpRequest, pk: int, procedure: str) -> HttpResponse:
    """Lock this session on the consent, for the client to read and sign on the tablet."""
    client = client_for(request, pk, "capture_consent")
    if procedure not in dict(PROCEDURE_CHOICES):
        raise Http404
    handover.lock(request, client.pk, procedure)
    audit.record(request.user, "view", client=client, detail=f"consent {procedure}")  # as the consent page
    return redirect("clinic:handover")


@login_required
def handover_screen(request: HttpRequest) -> HttpResponse:
    """The locked screen: the consent and its signature form, and nothing else but the unlock link."""
    held = handover.current(request)
    if held is None:
        return redirect("clinic:home")
    client = client_for(request, int(held["client"]), "capture_consent")
    return signature_page(request, client, str(held["procedure"]), done=reverse("clinic:handover"),
                          template="clinic/handover.html")


@login_required
def handover_unlock(request: HttpRequest) -> HttpResponse:
    """Staff take the tablet back with their password; too many wrong passwords log the session out."""
    held = handover.current(request)
    if held is None:
        return redirect("clinic:home")
    form = UnlockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if request.user.check_password(form.cleaned_data["password"]):
            handover.unlock(request)
            return redirect("clinic:client_detail", pk=int(held["client"]))
        if handover.failed_unlock(request) >= handover.MAX_UNLOCK_FAILURES:
            logout(request)
            messages.error(request, _("Too many wrong passwords: the session was closed. Log in again."))
            return redirect("accounts:login")
        form.add_error("password", _("This is not the password of the staff member who handed over the tablet."))
    return render(request, "clinic/handover_unlock.html", {"form": form})


def _signature_for(request: HttpRequest, pk: int) -> ConsentSignature:
    """A signature the person may read: the clinic's staff, or the client themself; else 404."""
    found = ConsentSignature.objects.filter(pk=pk).select_related("client__organisation", "consent_text").first() \
        if 0 < pk <= access.MAX_ID else None
    if not isinstance(found, ConsentSignature):  # WriteOnce's manager reads untyped rows
        raise Http404
    own = found.client.user_id is not None and found.client.user_id == request.user.pk
    if not own and not access.for_request(request, found.client.organisation_id).can("capture_consent"):
        raise Http404  # another clinic's, or nobody's to see: not found rather than forbidden
    return found


@require_GET
@login_required
def consent_drawing(request: HttpRequest, pk: int) -> FileResponse:
    """A drawn signature, for the clinic's staff and for the client themself."""
    signature = _signature_for(request, pk)
    if not signature.drawing:
        raise Http404
    response = FileResponse(signature.drawing.open("rb"), content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Disposition"] = "inline"
    return response


@require_GET
@login_required
def consent_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The signed consent to print: the text, the signer, the guardian, the time and the drawing."""
    signature = _signature_for(request, pk)
    audit.record(request.user, "view", client=signature.client,
                 detail=f"consent {signature.procedure} v{signature.version}")
    response = HttpResponse(consent_pdf_file.consent_pdf(signature), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="consent-{signature.procedure}-v{signature.version}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
