"""Translation for the adapters outside Django (the CLI, the exporters).

Message ids are English. They read the same catalogues as the web app,
`mesoplan/locale/<lang>/LC_MESSAGES/django.po` compiled to `.mo`; an id with
no translation falls back to itself.
"""

from __future__ import annotations

import gettext as _gettext
import os
from contextvars import ContextVar
from functools import lru_cache
from importlib import resources

SHIPPED = ("en", "ru", "fr")
_ACTIVE: ContextVar[str | None] = ContextVar("mesoplan_language", default=None)


def activate(language: str | None) -> None:
    """Use `language` for what this process (the CLI) prints from now on."""
    _ACTIVE.set(shipped(language))


def current() -> str:
    """The language to write in: the activated one, else the web request's, else the environment's."""
    chosen = _ACTIVE.get()
    if chosen:
        return chosen
    from django.apps import apps
    from django.conf import settings

    if settings.configured and apps.ready:
        from django.utils import translation

        return shipped(translation.get_language()) or "en"
    return from_environment() or "en"


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
