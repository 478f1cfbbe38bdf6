"""Translation for the adapters outside Django (the CLI, the exporters).

Message ids are English. They read the same catalogues as the web app,
`mesoplan/locale/<lang>/LC_MESSAGES/django.po` compiled to `.mo`; an id with
no translation falls back to itself.
"""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Callable, Mapping
from contextvars import ContextVar, Token
from datetime import date
from functools import lru_cache
from importlib import resources
from string import Formatter

from babel.dates import format_date
from babel.numbers import format_decimal

from mesoplan.core.dates import Period
from mesoplan.core.i18n import N_, fill
from mesoplan.core.plan_model import Message
from mesoplan.core.screening import Reason
from mesoplan.core.verdict_words import BADGES
from mesoplan.errors import InputError

SHIPPED = ("en", "ru", "fr")
_ACTIVE: ContextVar[str | None] = ContextVar("mesoplan_language", default=None)


def activate(language: str | None) -> Token[str | None]:
    """Write in `language` from now on in this context (the CLI's process, one web request)."""
    return _ACTIVE.set(shipped(language))


def deactivate(token: Token[str | None]) -> None:
    """Back to the language before `activate` returned `token` (the end of a web request)."""
    _ACTIVE.reset(token)


def current() -> str:
    """The language to write in: the activated one, else the one the environment asks for, else English."""
    return _ACTIVE.get() or from_environment() or "en"


@lru_cache(maxsize=8)
def _catalogue(language: str) -> _gettext.NullTranslations:
    from mesoplan.i18n_catalogues import compile_all

    compile_all()
    localedir = str(resources.files("mesoplan") / "locale")
    return _gettext.translation("django", localedir, languages=[language], fallback=True)


def gettext(message: str, language: str | None = None) -> str:
    """Translate an English message id (knowledge texts included) into `language` (default: `current()`)."""
    return _catalogue(language or current()).gettext(message)


def ngettext(singular: str, plural: str, n: int, language: str | None = None) -> str:
    """The singular or one of the plural forms the language uses for `n`."""
    return _catalogue(language or current()).ngettext(singular, plural, n)


def shipped(code: str | None) -> str | None:
    """`ru` for `ru_RU.UTF-8` or `ru-RU`; None for a language mesoplan does not ship."""
    if not code:
        return None
    base = code.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return base if base in SHIPPED else None


def from_environment() -> str | None:
    """The language the usual variables ask for: LANGUAGE (a list), then LC_ALL, LC_MESSAGES, LANG."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        for part in value.split(":"):
            found = shipped(part)
            if found:
                return found
        if value and name != "LANGUAGE" and value not in ("C", "POSIX"):
            return None  # the first set locale variable decides, as in C's setlocale
    return None


_ = gettext


# Dates, waiting times and numbers as each language writes them. The core fills its
# messages with ISO dates and English units; the adapters pass these instead.
_DATE_PATTERN = {"en": "d MMMM y"}  # "1 December 2026"; ru and fr use CLDR's long form


def long_date(day: date | None, language: str | None = None) -> str:
    """"1 December 2026", "1 декабря 2026 г." (month in the genitive), "1 décembre 2026"."""
    if day is None:
        return ""
    return _long_date(day, language or current())


# Babel's formatting is the slow part of a page full of dates and needle lengths (an answer's
# plan writes dozens), and a date or a number is always written the same way in a language.
@lru_cache(maxsize=2048)
def _long_date(day: date, lang: str) -> str:
    return format_date(day, _DATE_PATTERN.get(lang, "long"), locale=lang)


def period_text(period: Period, language: str | None = None) -> str:
    """A waiting time with the language's plural: "1 week", "2 недели", "6 mois"."""
    n = period.amount
    if period.unit == "days":
        text = ngettext("%(n)d day", "%(n)d days", n, language=language)
    elif period.unit == "weeks":
        text = ngettext("%(n)d week", "%(n)d weeks", n, language=language)
    else:
        text = ngettext("%(n)d month", "%(n)d months", n, language=language)
    return text % {"n": n}


def number_text(value: float, language: str | None = None) -> str:
    """0.5 as "0.5" in English, "0,5" in Russian and French."""
    return _number_text(value, language or current())


@lru_cache(maxsize=512)
def _number_text(value: float, lang: str) -> str:
    return format_decimal(value, format="#,##0.###", locale=lang)


DateText = Callable[[date], str]
Translate = Callable[[str], str]


def localized(value: object, language: str | None = None, date_text: DateText | None = None,
              translate: Translate | None = None) -> object:
    """A message parameter as a person reads it in `language`: dates (ISO in English), waiting times
    and numbers written as the language writes them, knowledge names (a device's, a zone's) translated."""
    if isinstance(value, Period):
        return period_text(value, language)
    if isinstance(value, date):
        # One date style for people in every language: "27 January 2027" (the JSON keeps ISO dates).
        return date_text(value) if date_text else long_date(value, language)
    if isinstance(value, float):
        return number_text(value, language)
    if translate is not None and isinstance(value, str) and value:
        return translate(value)
    if translate is not None and isinstance(value, tuple) and not hasattr(value, "_fields") \
            and all(isinstance(v, str) and v for v in value):
        return ", ".join(_name(v, translate) for v in value)
    return value


def _name(text: str, translate: Translate) -> str:
    translated = translate(text)
    return translated if translated != text else text.replace("_", " ")


def tidy(text: str) -> str:
    """"… 2026 г.." → "… 2026 г.": a Russian date that ends a sentence keeps one full stop."""
    return text.replace("г..", "г.")


def render_reason(reason: Reason, translate: Translate, language: str | None = None,
                  date_text: DateText | None = None) -> str:
    """A screening reason translated, with its dates, waiting times and names in the reader's language."""
    params = {k: localized(v, language, date_text, translate) for k, v in reason.params.items()}
    if reason.until is not None and "until" not in params:
        params["until"] = localized(reason.until, language, date_text)
    return tidy(reason._replace(params=params).render(translate(reason.message_id)))


def render_message(message: Message, translate: Translate, language: str | None = None,
                   date_text: DateText | None = None) -> str:
    """A plan message translated, with its values in the reader's language."""
    params = {k: localized(v, language, date_text) for k, v in message.params.items()}
    return tidy(Message(message.id, params).translated(translate))


# Shared by the CLI and the PDF handout: a verdict's badge word (core/verdict_words.py), and the setting.
VERDICT_LABELS = BADGES
SETTING_LABELS = {"home": N_("home"), "clinic": N_("clinic")}


def verdict_label(verdict: str, translate: Translate) -> str:
    """The verdict's badge word in capitals, as the CLI and the PDF write it: "DOCTOR FIRST", "ЖДАТЬ"."""
    return translate(BADGES[verdict]).upper()


def shout(template: str, **values: str) -> str:
    """A translated template with its words in capitals and its values as they are (a date stays
    "1 February 2027"): the CLI's headline."""
    parts = []
    for literal, field, _spec, _conversion in Formatter().parse(template):
        parts.append(literal.upper())
        if field is not None:
            parts.append(values[field])
    return "".join(parts)


def doc_date(day: date | None) -> str:
    """A date in the CLI's text, the handout and the calendar: written out in every language
    ("1 February 2027", "1 февраля 2027 г.", "1 février 2027")."""
    return long_date(day) if day else ""


def doc_day(day: date) -> str:
    """A day with its weekday: "Mon 1 Feb 2027", "пн 1 февр. 2027", "lun. 1 févr. 2027"."""
    return format_date(day, "EEE d MMM y", locale=current())


def colon() -> str:
    """The colon that joins a label to its text: French sets a no-break space before it."""
    return "\u00a0:" if current() == "fr" else ":"


# Input errors: the field as a person sees it, then what is wrong, both in the reader's language.
FIELD_AND_PROBLEM = N_("{field}: {problem}")
DID_YOU_MEAN = N_("(did you mean: {ids}?)")
# Parameters shown exactly as given: `value` (what the person typed), and a FHIR bundle's codes, code
# systems, addresses, resource types and the reader's own words (`reason`), which are no message ids.
AS_GIVEN = frozenset({"value", "code", "system", "url", "resource", "reason"})


def _error_value(key: str, value: object, translate: Translate, language: str | None) -> object:
    if isinstance(value, Message):
        return render_message(value, translate, language)
    if key in AS_GIVEN:  # what the person typed, and a bundle's own codes and addresses: never looked up
        return value
    return localized(value, language, translate=translate)


def error_label(error: InputError, translate: Translate, language: str | None = None) -> str:
    """The field of an input error as a person sees it ("Last dose of Isotretinoin"), else its path."""
    return error.field if error.label is None else render_label(error.label, translate, language)


def render_label(label: tuple[str, Mapping[str, object]], translate: Translate, language: str | None = None) -> str:
    """A field's label (`core.intake_fields.field_label`) in the reader's language."""
    label_id, params = label
    values = {k: _error_value(k, v, translate, language) for k, v in params.items()}
    return fill(translate(label_id), values) if values else translate(label_id)


def error_problem(error: InputError, translate: Translate, language: str | None = None) -> str:
    """What is wrong, translated, with the closest known ids of a misspelt one."""
    values = {k: _error_value(k, v, translate, language) for k, v in error.params.items()}
    text = tidy(fill(translate(error.message_id), values) if values else translate(error.message_id))
    if error.suggestions:
        text += " " + fill(translate(DID_YOU_MEAN), {"ids": ", ".join(error.suggestions)})
    return text


def error_text(error: InputError, translate: Translate, language: str | None = None) -> str:
    """"Last dose of Isotretinoin: the date is in the future", in the reader's language."""
    label = error_label(error, translate, language)
    problem = error_problem(error, translate, language)
    return fill(translate(FIELD_AND_PROBLEM), {"field": label, "problem": problem}) if label else problem
