"""Every source the knowledge base cites, with the seed articles' statements, each with an anchor."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext

from mesoplan import services


def sources(request: HttpRequest) -> HttpResponse:
    kb = services.knowledge()
    facts_by_seed: dict[str, list[tuple[str, str]]] = {}
    for fact in kb.seed_facts.values():
        facts_by_seed.setdefault(fact.seed, []).append((fact.id, gettext(fact.statement)))
    entries = [
        {"code": s.code, "kind": s.kind, "grade": s.grade, "citation": s.citation,
         "facts": facts_by_seed.get(s.code, [])}
        for s in kb.sources.values()
    ]
    return render(request, "front/sources.html", {"entries": entries, "version": kb.version})
