"""The account's token page: make a token (its secret shown once), see when each was last used, revoke one."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from mesoplan.web.api import tokens
from mesoplan.web.api.models import SCOPES, ApiToken
from mesoplan.web.records.access import MAX_ID


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name of the program or device"), max_length=80,
                           help_text=gettext_lazy("So you know which token to revoke later."))
    scope = forms.ChoiceField(label=gettext_lazy("What it may reach"), choices=SCOPES, widget=forms.RadioSelect,
                              required=False,
                              help_text=gettext_lazy("A token reaches either your own diary or the records of "
                                                     "the clinics you work in, never both."))


def _form(data: Any, scope: str) -> TokenForm:
    """The token form; the choice of scope only for a clinic member (anyone else's token reaches their diary)."""
    form = TokenForm(data, initial={"scope": scope})
    if scope != "clinic":
        del form.fields["scope"]
    return form


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    scope = tokens.default_scope(request.user)
    form = _form(request.POST or None, scope)
    secret = ""
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data.get("scope") or scope
        _token, secret = tokens.issue_token(request.user, form.cleaned_data["name"], chosen)
        form = _form(None, scope)
    rows = ApiToken.objects.filter(user=cast(User, request.user))  # login_required: never anonymous
    # The secret is rendered in this one response and never again: no redirect, nothing in the session.
    response = render(request, "api/tokens.html", {"form": form, "tokens": rows, "secret": secret})
    if secret:
        response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    if not 0 < pk <= MAX_ID or not tokens.revoke(request.user, pk):
        raise Http404
    messages.success(request, _("Token revoked: programs using it are refused from now on."))
    return redirect("tokens:list")


def api_not_found(request: HttpRequest) -> JsonResponse:
    """Any address under /api/ that matches no endpoint: a 404 in the API's error shape, not the HTML page."""
    return JsonResponse({"error": "not found", "field": None, "suggestions": []}, status=404)
