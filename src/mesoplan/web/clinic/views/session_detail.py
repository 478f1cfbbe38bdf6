"""A charted session: what was done, its photos and amendments; signing a draft, amending a signed one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mesoplan import services
from mesoplan.errors import ActionRefusedError, IntakeError
from mesoplan.web.clinic import access, charting, consent, gate_store
from mesoplan.web.clinic.errors import SigningRefusedError
from mesoplan.web.clinic.forms.sessions import AmendmentForm, PhotoForm
from mesoplan.web.clinic.models import ClinicSession
from mesoplan.web.clinic.views.common import session_for
from mesoplan.web.front import gate_view, glossary
from mesoplan.web.front.display import mm, zone_name
from mesoplan.web.front.errors import full_message, message


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_for(request, pk, "see_clinical", page="session")
    kb = services.knowledge()
    zones = [(z, zone_name(z.zone, kb), _device_name(z.device_kind), mm(float(z.needle_mm)) if z.needle_mm else "—")
             for z in session.zones.all()]
    products = [(p, _ingredient_name(p.ingredient)) for p in session.products.all()]
    allowed = access.for_request(request, session.client.organisation_id)
    return render(request, "clinic/session_detail.html", {**_gate(session),
        "session": session, "client": session.client, "zones": zones, "products": products,
        "amendments": session.amendments.prefetch_related("photos"),
        "photos": session.photos.filter(amendment__isnull=True),
        "consent_current": consent.is_current(session.client, session.procedure),
        "can_sign": allowed.can("sign"), "can_amend": allowed.can("amend"), "can_chart": allowed.can("chart"),
        "photo_form": PhotoForm(initial={"taken_on": session.date}), "amend_form": AmendmentForm(),
    })


def _gate(session: ClinicSession) -> dict[str, object]:
    """The gate's answer for signing this draft, shown beside the Sign button."""
    if session.is_signed:
        return {}
    try:
        answer = charting.session_gate(session)
    except IntakeError as error:
        return {"gate_problem": full_message(error), "gate_blocked": True}
    clearance = gate_store.latest_clearance(session.client)
    cleared = frozenset(clearance.rules) if clearance is not None else frozenset()
    return {"gate": gate_view.answer_views(answer, cleared), "gate_blocked": bool(answer.blocks),
            "needs_clearance": not answer.consult_rules <= cleared, "needs_ack": bool(answer.acknowledgements),
            "clearance": clearance if answer.consult_rules and answer.consult_rules <= cleared else None}


def _device_name(kind: str) -> str:
    term = glossary.term("device", kind)
    return term.name if term else kind


def _ingredient_name(ingredient: str) -> str:
    term = glossary.term("ingredient", ingredient)
    return term.name if term else ingredient


@require_POST
@login_required
def session_sign(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_for(request, pk, "sign")
    try:
        charting.sign(session, request.user, timezone.now(), acknowledged=request.POST.get("acknowledge") == "on")
    except SigningRefusedError as error:
        messages.error(request, str(error))
    except ActionRefusedError as error:
        lines = gate_view.refusal_lines(error.findings)
        messages.error(request, " ".join([_("Signing refused:"), *lines]))
    except IntakeError as error:
        messages.error(request, _("Signing refused: %(problem)s") % {"problem": message(error)})
    else:
        messages.success(request, _("Session signed. From now on it can only be amended."))
    return redirect("clinic:session_detail", pk=session.pk)


@login_required
def session_amend(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_for(request, pk, "amend", page="amendment")
    form = AmendmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        image = form.cleaned_data.get("photo")
        photo = (charting.AmendmentPhoto(image, form.cleaned_data["photo_kind"], timezone.localdate())
                 if image is not None else None)
        try:
            charting.amend(session, request.user, form.cleaned_data["note"], photo)
        except SigningRefusedError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Amendment added."))
        return redirect("clinic:session_detail", pk=session.pk)
    return render(request, "clinic/form.html", {"form": form, "title": _("Amend the session of %(date)s") % {
        "date": session.date.isoformat()}, "client": session.client, "multipart": True})
