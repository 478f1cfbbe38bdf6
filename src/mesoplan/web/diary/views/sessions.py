"""Sessions done, at home or in a clinic."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from mesoplan import services
from mesoplan.web.diary.forms import SessionForm
from mesoplan.web.diary.views.editing import PAGE_SIZE, RowLinks, delete_page, form_page, owned_or_404
from mesoplan.web.front.display import zone_name
from mesoplan.web.records.models import Session


@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    """One page of sessions, latest first: the count from the database, the page's rows in one query."""
    kb = services.knowledge()
    page = Paginator(Session.objects.owned_by(request.user).select_related("device"), PAGE_SIZE) \
        .get_page(request.GET.get("page"))
    links = RowLinks("diary:session_edit", "diary:session_delete")
    rows = [(s, [zone_name(z, kb) for z in s.zones], *links(s.pk)) for s in page]
    return render(request, "diary/session_list.html", {"rows": rows, "page": page})


@login_required
def session_new(request: HttpRequest) -> HttpResponse:
    return form_page(request, SessionForm, title=_("Log a session"), success="diary:dashboard",
                     initial={"date": timezone.localdate(), "setting": "home"})


@login_required
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return form_page(request, SessionForm, title=_("Change a session"), success="diary:sessions",
                     instance=owned_or_404(request, Session, pk))


@login_required
def session_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return delete_page(request, Session, pk, "diary:sessions")
