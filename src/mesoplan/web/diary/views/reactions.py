"""Reactions after a session, with an optional photo."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from mesoplan import services
from mesoplan.core.tracking_reactions import is_red_flag
from mesoplan.web.diary.flag_cards import card
from mesoplan.web.diary.forms import OwnedForm, ReactionForm
from mesoplan.web.diary.views.editing import PAGE_SIZE, RowLinks, delete_page, form_page, owned_or_404
from mesoplan.web.records.models import Photo, Reaction, Session


def _save_photo(reaction: Reaction, form: OwnedForm) -> None:
    image = form.cleaned_data.get("photo")
    if image is not None:
        Photo.objects.create(owner=reaction.owner, image=image, kind="reaction", taken_on=reaction.date,
                             caption=gettext("Reaction"), reaction=reaction)


@login_required
def reaction_list(request: HttpRequest) -> HttpResponse:
    """One page of reactions, latest first, with their photos: a fixed number of queries per page."""
    kb = services.knowledge()
    rows = []
    page = Paginator(Reaction.objects.owned_by(request.user).select_related("session").prefetch_related("photos"),
                     PAGE_SIZE).get_page(request.GET.get("page"))
    links = RowLinks("diary:reaction_edit", "diary:reaction_delete")
    back = request.get_full_path()  # a red flag's step comes back to this page of the list
    for r in page:
        effect = kb.side_effects.get(r.symptom)
        name = gettext(effect.name) if effect else r.symptom
        day = (r.date - r.session.date).days if r.session else None
        red = effect is not None and is_red_flag(r.symptom, r.severity, kb)
        rows.append((r, name, day, red, card(r, kb, back) if red else None, *links(r.pk)))
    return render(request, "diary/reaction_list.html", {"rows": rows, "page": page})


@login_required
def reaction_new(request: HttpRequest) -> HttpResponse:
    latest = Session.objects.owned_by(request.user).first()
    initial: dict[str, Any] = {"session": latest.pk if latest else None}  # the date: empty means today
    return form_page(request, ReactionForm, title=_("Log a reaction"), success="diary:dashboard",
                     after_save=_save_photo, initial=initial)


@login_required
def reaction_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return form_page(request, ReactionForm, title=_("Change a reaction"), success="diary:reactions",
                     instance=owned_or_404(request, Reaction, pk), after_save=_save_photo)


@login_required
def reaction_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return delete_page(request, Reaction, pk, "diary:reactions")
