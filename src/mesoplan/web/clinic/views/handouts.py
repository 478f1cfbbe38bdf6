"""A client's handouts, the plan as a PDF and as a calendar, in the client's own language.

The language is the one saved on the client (decisions item 5: handouts use the recipient's
language), else the page's: a French practice can hand a Russian-speaking client a Russian plan.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from mesoplan import i18n, services
from mesoplan.errors import IntakeError
from mesoplan.exports.ical import plan_to_ics
from mesoplan.exports.pdf import plan_to_pdf
from mesoplan.web.clinic import snapshot
from mesoplan.web.clinic.models import Client
from mesoplan.web.clinic.views.common import client_for
from mesoplan.web.front.file_names import as_attachment

MEDIA_TYPES = {"pdf": ("application/pdf", ".pdf"), "ics": ("text/calendar; charset=utf-8", ".ics")}


def handout_language(client: Client) -> str:
    """The client's saved language, else the language of the page that asks."""
    return client.language or translation.get_language() or "en"


@require_GET
@login_required
def client_handout_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _handout(request, pk, "pdf")


@require_GET
@login_required
def client_handout_ics(request: HttpRequest, pk: int) -> HttpResponse:
    return _handout(request, pk, "ics")


def _handout(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    client = client_for(request, pk, "see_clinical", page=f"handout ({kind})")
    if not client.intake:
        raise Http404
    try:
        plan, _version = snapshot.plan_of(client.intake, client.organisation_id, client.intake_taken_on,
                                          client.protocol)
    except IntakeError:
        raise Http404 from None
    language = handout_language(client)
    with translation.override(language):
        token = i18n.activate(language)  # dates and numbers of the handout, as the language writes them
        try:
            if kind == "pdf":
                content = plan_to_pdf(plan, services.knowledge(), translate=gettext)
            else:
                person = salted_hmac("mesoplan.calendar-person", f"clinic-client:{client.record_id}").hexdigest()
                content = plan_to_ics(plan, services.knowledge(), person=person, translate=gettext)
        finally:
            i18n.deactivate(token)
    media_type, suffix = MEDIA_TYPES[kind]
    response = HttpResponse(content, content_type=media_type)
    response["Content-Language"] = language
    return as_attachment(response, f"plan-{client.name}", suffix)
