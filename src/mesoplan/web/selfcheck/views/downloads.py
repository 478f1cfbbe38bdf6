"""The plan of the visitor's last self-check as a calendar file or a PDF."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from mesoplan import services
from mesoplan.errors import IntakeError
from mesoplan.exports.ical import Detail, NoSessionsError
from mesoplan.web.records.access import owned_or_404
from mesoplan.web.records.models import SavedCheck
from mesoplan.web.selfcheck import plans, session_store

VISITOR_KEY = "mesoplan_calendar_person"
MEDIA_TYPES = {"ical": ("text/calendar; charset=utf-8", "mesoplan-plan.ics"),
               "pdf": ("application/pdf", "mesoplan-plan.pdf")}


def calendar_person(request: HttpRequest) -> str:
    """Who the calendar is for, as the calendar's UIDs tell it apart: a digest of the account keyed by the
    site's secret, or else a random id kept in the visitor's session. Nothing about them in clear."""
    if request.user.is_authenticated:
        return salted_hmac("mesoplan.calendar-person", f"user:{request.user.pk}").hexdigest()
    key = request.session.get(VISITOR_KEY)
    if not isinstance(key, str):
        key = request.session[VISITOR_KEY] = secrets.token_hex(16)
    return key


def calendar_detail(request: HttpRequest) -> Detail:
    """`?detail=full` asks for every event of the plan; otherwise one event per needling day and per
    preparation step of its own day."""
    return "full" if request.GET.get("detail") == "full" else "daily"


def file_response(kind: str, data: dict[str, Any] | None, person: str = "", detail: Detail = "daily") -> HttpResponse:
    """The export of the plan for intake data; 404 when there is no intake to plan from, or no
    session to put in a calendar (a `stop`, every zone left out)."""
    if data is None:
        raise Http404
    today = timezone.localdate()
    try:
        plan = plans.make_plan(services.parse_intake(data, today=today), today)
    except IntakeError:
        raise Http404 from None
    try:
        content = plans.export(kind, plan, person, detail)
    except NoSessionsError:
        raise Http404 from None
    media_type, filename = MEDIA_TYPES[kind]
    response = HttpResponse(content, content_type=media_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def ics(request: HttpRequest) -> HttpResponse:
    return file_response("ical", session_store.recall(request), calendar_person(request), calendar_detail(request))


def pdf(request: HttpRequest) -> HttpResponse:
    return file_response("pdf", session_store.recall(request))


@login_required
def saved_ics(request: HttpRequest, pk: int) -> HttpResponse:
    check = owned_or_404(SavedCheck, request.user, pk)
    return file_response("ical", check.intake, calendar_person(request), calendar_detail(request))


@login_required
def saved_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    check = owned_or_404(SavedCheck, request.user, pk)
    return file_response("pdf", check.intake)
