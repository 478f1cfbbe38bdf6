"""Marking user-facing strings for translation without importing a framework.

The core must stay pure, so it cannot call Django's gettext. It marks its
English message ids with `N_` (a no-op that extraction tools recognise, the
same convention as GNU gettext's `gettext_noop`), and the adapters translate
the id and then fill in its parameters.
"""

from __future__ import annotations


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark a message id for translation; return it unchanged."""
    return message
