"""The glossary page and the one-term explanation the self-check fetches with htmx."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from mesoplan.web.front import glossary


def words(request: HttpRequest) -> HttpResponse:
    sections = [(category, title, glossary.terms(category)) for category, title in glossary.SECTIONS]
    return render(request, "front/words.html", {"sections": sections})


def explain(request: HttpRequest, category: str) -> HttpResponse:
    """The explanation of the id chosen in a select; its field name varies by form row, so any value is read."""
    if category not in glossary.CATEGORIES:
        raise Http404
    chosen = next((request.GET.get(key, "") for key in request.GET if key.endswith("id") or key == "kind"), "")
    return render(request, "front/_explain.html", {"term": glossary.term(category, chosen)})
