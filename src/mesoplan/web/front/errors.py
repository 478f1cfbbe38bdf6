"""An `IntakeError` in the reader's words: shared by every page that shows one (self-check, clinic)."""

from __future__ import annotations

from django.utils.translation import gettext

from mesoplan import i18n
from mesoplan.errors import IntakeError


def message(error: IntakeError) -> str:
    """What is wrong, in the page's language, with the closest known ids if it was a misspelling
    (shown next to the field, which already says which field it is)."""
    return i18n.error_problem(error, gettext)


def full_message(error: IntakeError) -> str:
    """The field as the person sees it and what is wrong: "Last dose of Isotretinoin: the date is in the future"."""
    return i18n.error_text(error, gettext)
