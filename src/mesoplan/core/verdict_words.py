"""The words of each verdict, in one place: the web page, the PDF, the calendar and the CLI say the same.

English message ids (translated by every adapter); the contract's values (`go`, `caution`,
`postpone`, `consult`, `stop`) stay as they are in JSON. The headline is said first; the
subline says what it means; the badge is the short word beside a reason or a zone (the PDF
and the CLI write it in capitals).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from mesoplan.core.i18n import N_

HEADLINES: Final[Mapping[str, str]] = MappingProxyType({
    "go": N_("Go ahead"),
    "caution": N_("Go ahead with care"),
    "postpone": N_("Not yet — wait until {date}"),
    "consult": N_("See a doctor first"),
    "stop": N_("Not now"),
})
SUBLINES: Final[Mapping[str, str]] = MappingProxyType({
    "go": N_("Nothing you told us stands in the way."),
    "caution": N_("You can start, with the adjustments below."),
    "postpone": N_("Something needs time to settle first. The reasons below say what, and until when."),
    "consult": N_("A doctor (or whoever prescribed your medicine) must clear it before you start."),
    "stop": N_("Do not start now: no start date can be given yet."),
})
BADGES: Final[Mapping[str, str]] = MappingProxyType({
    "go": N_("go"),
    "caution": N_("with care"),
    "postpone": N_("wait"),
    "consult": N_("doctor first"),
    "stop": N_("not now"),
})
