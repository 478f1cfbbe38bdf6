"""Product texts that several adapters show word for word."""

from __future__ import annotations

from mesoplan.core.i18n import N_

# Shown wherever a person reads a verdict or a plan: the CLI, the PDF, the calendar.
# (The web templates carry the same sentence as a literal, for Django's makemessages.)
NOT_A_DOCTOR = N_("mesoplan supports your decision; it does not replace a doctor. "
                  "If in doubt, or if anything worries you after a session, see one.")
