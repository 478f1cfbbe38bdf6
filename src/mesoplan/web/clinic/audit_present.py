"""An audit event's detail in the reader's language.

The trail stores each detail once, in English, in a few fixed shapes ("session of 2026-12-02",
"details: email, phone", "consent microneedling v2"): a stored record never changes, and the
same event reads in whatever language the admin chose. Each shape is matched here and said
again with translated words, dates and names; a detail of no known shape is shown as stored.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from mesoplan import services
from mesoplan.web.clinic.models import Client
from mesoplan.web.clinic.models.clients import FLAG_STATUSES
from mesoplan.web.clinic.models.sessions import PROCEDURE_CHOICES
from mesoplan.web.clinic.reports import KINDS as REPORT_KINDS
from mesoplan.web.front.display import long_date, symptom_name

# The pages and things a detail names, as `views/common.client_for(page=…)` and the writers store them.
NAMED = {
    "client": pgettext_lazy("audit detail", "client record"),
    "intake": pgettext_lazy("audit detail", "intake"),
    "charting": pgettext_lazy("audit detail", "charting form"),
    "audit trail": pgettext_lazy("audit detail", "audit trail"),
    "clearance form": pgettext_lazy("audit detail", "clearance form"),
    "reaction form": pgettext_lazy("audit detail", "reaction form"),
    "details": pgettext_lazy("audit detail", "client details"),
    "amendment": pgettext_lazy("audit detail", "amendment"),
    "photo upload": pgettext_lazy("audit detail", "photo upload"),
    "photo comparison": pgettext_lazy("audit detail", "before and after photos"),
    "session": pgettext_lazy("audit detail", "session"),
    "handout (pdf)": pgettext_lazy("audit detail", "handout (PDF)"),
    "handout (ics)": pgettext_lazy("audit detail", "handout (calendar)"),
    "FHIR R4B bundle": pgettext_lazy("audit detail", "FHIR R4B record"),
    "FHIR R4B bundle (API)": pgettext_lazy("audit detail", "FHIR R4B record (API)"),
    "FHIR bundle": pgettext_lazy("audit detail", "FHIR record"),
    "API: client": pgettext_lazy("audit detail", "client record (API)"),
    "API: screening": pgettext_lazy("audit detail", "screening (API)"),
    "re-screen change seen": pgettext_lazy("audit detail", "re-screen change marked as seen"),
    "linked by the client's own account": pgettext_lazy("audit detail", "linked by the client's own account"),
}


def _day(iso: str) -> str:
    try:
        return long_date(date.fromisoformat(iso))
    except ValueError:
        return iso


def _named(key: str) -> str:
    return str(NAMED.get(key, key))


def _fields(names: str) -> str:
    labels = []
    for name in names.split(", "):
        try:
            field = Client._meta.get_field(name)
            labels.append(str(getattr(field, "verbose_name", name)))
        except FieldDoesNotExist:  # a field renamed since: its stored name is still the best word for it
            labels.append(name)
    return ", ".join(labels)


def _symptom(symptom: str) -> str:
    return symptom_name(symptom, services.knowledge())


PROCEDURES = dict(PROCEDURE_CHOICES)
SHAPES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"(?P<page>.+) of (?P<day>\d{4}-\d{2}-\d{2})"),
     lambda m: _("%(page)s of %(day)s") % {"page": _named(m["page"]), "day": _day(m["day"])}),
    (re.compile(r"photo added to the session of (?P<day>\d{4}-\d{2}-\d{2})"),
     lambda m: _("photo added to the session of %(day)s") % {"day": _day(m["day"])}),
    (re.compile(r"details: (?P<fields>.+)"), lambda m: _("details changed: %(fields)s") % {
        "fields": _fields(m["fields"])}),
    (re.compile(r"reaction (?P<symptom>\w+)(?P<api> \(API\))?"), lambda m: (
        _("reaction: %(symptom)s (API)") if m["api"] else _("reaction: %(symptom)s")) % {
        "symptom": _symptom(m["symptom"])}),
    (re.compile(r"red flag (?P<symptom>\w+): (?P<step>\w+)"), lambda m: _("red flag %(symptom)s: %(step)s") % {
        "symptom": _symptom(m["symptom"]), "step": _flag_step(m["step"])}),
    (re.compile(r"consent (?P<procedure>\w+) v(?P<n>\d+)"), lambda m: _("consent for %(procedure)s, version %(n)s") % {
        "procedure": PROCEDURES.get(m["procedure"], m["procedure"]), "n": m["n"]}),
    (re.compile(r"consent (?P<procedure>\w+)"), lambda m: _("consent for %(procedure)s") % {
        "procedure": PROCEDURES.get(m["procedure"], m["procedure"])}),
    (re.compile(r"cleared by (?P<who>.+) on (?P<day>\d{4}-\d{2}-\d{2})(?P<api> \(API\))?"),
     lambda m: _("cleared by %(who)s on %(day)s") % {"who": m["who"], "day": _day(m["day"])}),
    (re.compile(r"cleared by (?P<who>.+) \(API\)"), lambda m: _("cleared by %(who)s (API)") % {"who": m["who"]}),
    (re.compile(r"CSV export: (?P<kind>\w+) (?P<start>\d{4}-\d{2}-\d{2}) to (?P<end>\d{4}-\d{2}-\d{2})"),
     lambda m: _("CSV export (%(kind)s): %(start)s to %(end)s") % {
         "kind": dict(REPORT_KINDS).get(m["kind"], m["kind"]), "start": _day(m["start"]),
         "end": _day(m["end"])}),
    (re.compile(r"lot recall (?P<lot>.+) \(CSV\)"), lambda m: _("lot recall %(lot)s (CSV)") % {"lot": m["lot"]}),
    (re.compile(r"lot recall (?P<lot>.+)"), lambda m: _("lot recall %(lot)s") % {"lot": m["lot"]}),
]


def _flag_step(step: str) -> str:
    return str(dict(FLAG_STATUSES).get(step, step))


def detail_text(detail: str) -> str:
    """`detail` as stored, said in the active language."""
    if detail in NAMED:
        return _named(detail)
    for shape, say in SHAPES:
        match = shape.fullmatch(detail)
        if match:
            return say(match)
    return detail
