"""Marking user-facing strings for translation without importing a framework.

The core must stay pure, so it cannot call Django's gettext. It marks its
English message ids with `N_` (a no-op that extraction tools recognise, the
same convention as GNU gettext's `gettext_noop`), and the adapters translate
the id and then fill in its parameters.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark a message id for translation; return it unchanged."""
    return message


def as_text(value: object) -> str:
    """A message parameter as text: ISO dates, `a, b` for tuples of ids, `0.5` for floats."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        return ", ".join(str(v).replace("_", " ") for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return "" if value is None else str(value)


class _Values(dict[str, str]):
    # Empty: each parameter is made text only when the template names it (a reason carries
    # its dates and zones whether its message shows them or not; an API screening fills
    # a dozen messages). An unknown placeholder stays as it is: a translation that names a
    # parameter the code does not pass must not crash a page.
    __slots__ = ("_defaults", "_params")

    def __init__(self, params: Mapping[str, Any], defaults: Mapping[str, object]) -> None:
        super().__init__()
        self._params, self._defaults = params, defaults

    def __missing__(self, key: str) -> str:
        if key in self._params:
            return as_text(self._params[key])
        if key in self._defaults:
            return as_text(self._defaults[key])
        return "{" + key + "}"


def fill(template: str, params: Mapping[str, Any], **defaults: object) -> str:
    """Fill a (translated) message template with its parameters as text (`params` before `defaults`)."""
    if "{" not in template and "}" not in template:
        return template  # nothing to fill (most reasons' messages)
    return template.format_map(_Values(params, defaults))
