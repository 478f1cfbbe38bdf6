"""Django's `date` filter, with months in the case each language needs.

Installed as a template builtin (settings.TEMPLATES), so `{{ day|date:"j F Y" }}` in any
template writes "1 декабря 2026 г." and "1 décembre 2026" (Babel's long form, as the
pages' own dates), and a Russian "F" after a day number becomes the genitive ("E"):
Django's "F" is the nominative ("Декабрь"), which Russian never writes after a number.
A short month ("M") is written in lower case in both.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.template import defaultfilters
from django.utils import translation

from mesoplan import i18n

register = template.Library()
LONG = "j F Y"


@register.filter(expects_localtime=True, is_safe=False)
def date(value: Any, arg: str | None = None) -> str:
    language = translation.get_language() or "en"
    if arg == LONG and language in ("ru", "fr") and isinstance(value, dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        return i18n.long_date(day, language)
    if arg and language == "ru":
        arg = arg.replace("F", "E")
    if arg and language in ("ru", "fr"):
        arg = arg.replace("M", "b")  # "дек", "déc": a short month is not capitalised there
    return str(defaultfilters.date(value, arg))
