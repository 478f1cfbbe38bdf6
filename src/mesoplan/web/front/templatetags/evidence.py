"""`{{ reason|evidence_grade }}`: a reason's evidence grade (A–D) and what it rests on, nothing for a rule
not graded yet. A filter rather than an included template: a page lists a dozen reasons, and an
include per reason cost more than the reason's own text."""

from __future__ import annotations

from typing import Protocol

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

register = template.Library()


class Graded(Protocol):
    grade: str
    grade_meaning: str


@register.filter
def evidence_grade(reason: Graded) -> SafeString | str:
    if not reason.grade:
        return ""
    return format_html('<span class="grade grade-{}">{} {}.</span>', reason.grade,
                       gettext("Evidence grade %(grade)s:") % {"grade": reason.grade}, reason.grade_meaning)
