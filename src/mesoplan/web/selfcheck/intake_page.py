"""The self-check form page, shared by a new check and by changing a saved one.

A POST either adds a blank row to one list ("Add another", works without
JavaScript; with htmx only that list is swapped) or submits the intake: forms
check the types, then `services.intake_problems` checks the meaning; every
error is shown next to the field it names and listed at the top.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone

from mesoplan import services
from mesoplan.web.front import display
from mesoplan.web.front.zonemap import zone_map
from mesoplan.web.selfcheck import errors
from mesoplan.web.selfcheck.error_summary import summary
from mesoplan.web.selfcheck.forms import MAX_ROWS, ROW_FORMS, IntakeForm, row_formset
from mesoplan.web.selfcheck.intake_data import build_intake, initial_from_intake


@dataclass
class Outcome:
    """What a POST of the form gave: the page to show again, or a valid intake."""

    response: HttpResponse | None
    intake: dict[str, Any] | None


def _forms(request: HttpRequest, initial: Mapping[str, Any] | None) -> tuple[IntakeForm, dict[str, Any]]:
    if request.method == "POST":
        post: QueryDict = request.POST
        adding = post.get("add")
        if adding in ROW_FORMS:  # only then is the form's data changed: a copy (the request's own is read-only)
            post = post.copy()
            key = f"{adding}-TOTAL_FORMS"
            with suppress(ValueError):  # a broken count: the formset reports it itself
                post[key] = str(min(int(post.get(key, "0")) + 1, MAX_ROWS))
        form = IntakeForm(post)
        rows = {name: row_formset(name)(post, prefix=name) for name in ROW_FORMS}
        return form, rows
    form_initial, rows_initial = initial_from_intake(initial) if initial else ({}, {})
    form = IntakeForm(initial=form_initial or {"start": timezone.localdate(), "setting": "home"})
    rows = {name: row_formset(name, extra=0 if rows_initial.get(name) else 1)(
        initial=rows_initial.get(name) or None, prefix=name) for name in ROW_FORMS}
    return form, rows


def handle(request: HttpRequest, initial: Mapping[str, Any] | None, context: Mapping[str, Any]) -> Outcome:
    """Show the form, add a row, or validate it into the contract's intake.

    Every mistake is found in one submission: the forms check the types, and the services read
    the intake built from every value the forms could read, reporting each problem they find.
    """
    form, rows = _forms(request, initial)
    if request.method == "POST" and request.POST.get("add") not in ROW_FORMS:
        valid = form.is_valid() & all([r.is_valid() for r in rows.values()])  # run every check, not just the first
        data, index = build_intake(form, rows)
        problems = services.intake_problems(data, timezone.localdate())
        for problem in problems:
            errors.attach(problem, form, rows, index)
        if valid and not problems:
            return Outcome(None, data)
    return Outcome(_page(request, form, rows, context), None)


def _page(request: HttpRequest, form: IntakeForm, rows: Mapping[str, forms.BaseFormSet[Any]],
          context: Mapping[str, Any]) -> HttpResponse:
    kb = services.knowledge()
    names = {z: display.zone_name(z, kb) for z in kb.zones}
    chosen = frozenset(form["zones"].value() or ())
    adding = request.POST.get("add") if request.method == "POST" else None
    submitted = request.method == "POST" and adding is None
    page = {"form": form, "rows": rows, "map_views": zone_map(names, selected=chosen),
            "to_correct": summary(form, rows) if submitted else [], **context}
    # Another app may show the same form in its own template (one extending this one).
    return render(request, context.get("template", "selfcheck/form.html"), page)
