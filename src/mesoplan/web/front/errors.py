"""An `IntakeError` in the reader's words: shared by every page that shows one (self-check, clinic)."""

from __future__ import annotations

from django.utils.translation import gettext

from mesoplan.errors import IntakeError


def message(error: IntakeError) -> str:
    """The error in words, with the closest known ids if it was a misspelling."""
    text = gettext(error.problem)
    if error.suggestions:
        text += " " + gettext("(did you mean: {ids}?)").format(ids=", ".join(error.suggestions))
    return text
