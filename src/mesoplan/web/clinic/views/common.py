"""Fetching what a clinic page shows, through `clinic.access`, and auditing the look.

Every client page goes through `client_for` or `session_for`: another clinic's row is
404, a role that does not allow the page's action (`access.ROLES_FOR`) is 403, and a page
shown (GET) writes a `view` event.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from mesoplan.web.clinic import access, audit
from mesoplan.web.clinic.models import Client, ClinicSession, Organisation
from mesoplan.web.clinic.models.sessions import LOCKED


def client_for(request: HttpRequest, pk: int, action: str, page: str = "") -> Client:
    """The client `pk` of the person's clinics if their role allows `action`; a GET is audited."""
    client = access.member_or_404(request.user, Client, pk)
    access.for_request(request, client.organisation_id).require(action)
    if request.method == "GET" and page:
        audit.record(request.user, "view", client=client, detail=page)
    return client


def session_for(request: HttpRequest, pk: int, action: str, page: str = "") -> ClinicSession:
    """The session `pk` of the person's clinics if their role allows `action`; a GET is audited."""
    session = access.member_or_404(request.user, ClinicSession, pk)
    access.for_request(request, session.client.organisation_id).require(action)
    if request.method == "GET" and page:
        audit.record(request.user, "view", client=session.client, detail=f"{page} of {session.date.isoformat()}")
    return session


def organisation_for(request: HttpRequest, pk: int, action: str) -> Organisation:
    """One of the person's clinics, if their role there allows `action`."""
    organisation = access.member_or_404(request.user, Organisation, pk)
    access.for_request(request, organisation).require(action)
    return organisation


def signed_in(request: HttpRequest) -> User:
    """The person asking, for a view behind `login_required`."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def refused_if_signed(request: HttpRequest, session: ClinicSession) -> HttpResponse | None:
    """For a page that changes a session: a signed one goes back to its page, saying why."""
    if not session.is_signed:
        return None
    messages.error(request, str(LOCKED))
    return redirect("clinic:session_detail", pk=session.pk)
