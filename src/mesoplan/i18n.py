"""Translation for the adapters outside Django (the CLI, the exporters).

Message ids are English. Catalogues live in `mesoplan/locale/<lang>/LC_MESSAGES/`;
until Russian and French are added, every id falls back to itself.
"""

from __future__ import annotations

import gettext as _gettext
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=8)
def _catalogue(language: str | None) -> _gettext.NullTranslations:
    localedir = str(resources.files("mesoplan") / "locale")
    languages = [language] if language else None
    return _gettext.translation("mesoplan", localedir, languages=languages, fallback=True)


def gettext(message: str, language: str | None = None) -> str:
    """Translate an English message id (knowledge texts included) into `language`."""
    return _catalogue(language).gettext(message)


_ = gettext
