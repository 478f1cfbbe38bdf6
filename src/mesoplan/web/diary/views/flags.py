"""The two steps of a home red flag: the person records that a doctor saw it, then that a doctor or
practitioner closed it. Only the reaction's owner reaches them (anyone else: 404)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from mesoplan import services
from mesoplan.web.diary.flag_cards import card
from mesoplan.web.diary.flag_forms import FlagResolvedForm, FlagSeenForm, FlagStepForm
from mesoplan.web.diary.views.editing import owned_or_404
from mesoplan.web.records import flags
from mesoplan.web.records.models import Reaction


def _flag_or_404(request: HttpRequest, pk: int) -> Reaction:
    """The person's own red flag that is not closed yet; anything else is not there for them."""
    reaction: Reaction = owned_or_404(request, Reaction, pk)
    if not flags.is_flag(reaction) or reaction.flag_status == "resolved":
        raise Http404
    return reaction


def _back(request: HttpRequest) -> str:
    """Where to go after the step: the page the person came from, if it is one of ours."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(wanted, {request.get_host()}, require_https=request.is_secure()):
        return wanted
    return reverse("diary:reactions")


def _step_page(request: HttpRequest, reaction: Reaction, form: FlagStepForm, title: str) -> HttpResponse:
    return render(request, "diary/flag_form.html", {
        "form": form, "title": title, "flag": card(reaction, services.knowledge()), "next": _back(request)})


@login_required
def flag_seen(request: HttpRequest, pk: int) -> HttpResponse:
    reaction = _flag_or_404(request, pk)
    form = FlagSeenForm(request.POST or None, reaction=reaction,
                        initial={"seen_on": timezone.localdate(), "note": reaction.flag_seen_note})
    if request.method == "POST" and form.is_valid():
        flags.record_seen(reaction, form.cleaned_data["seen_on"], form.cleaned_data["note"])
        messages.success(request, _("Saved: a doctor saw this warning sign."))
        return redirect(_back(request))
    return _step_page(request, reaction, form, _("A doctor saw it"))


@login_required
def flag_resolved(request: HttpRequest, pk: int) -> HttpResponse:
    reaction = _flag_or_404(request, pk)
    form = FlagResolvedForm(request.POST or None, reaction=reaction, initial={"resolved_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        flags.record_resolved(reaction, form.cleaned_data["resolved_on"], form.cleaned_data["by"],
                              form.cleaned_data["note"])
        messages.success(request, _("Saved: this warning sign is closed."))
        return redirect(_back(request))
    return _step_page(request, reaction, form, _("Resolved"))
