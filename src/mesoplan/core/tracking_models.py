"""The diary's values: logged sessions, devices and reactions, and what a review finds in them.

Imported through `mesoplan.core.tracking`; kept apart so that the rule modules
(`tracking_intervals`, `tracking_devices`, `tracking_reactions`) can use them
without importing the module that imports them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any, Final, Literal

# The screening engine's parameter formatting (ISO dates, 0.5 not 0.50, joined tuples):
# alerts are shown beside screening reasons and must read the same.
from mesoplan.core.i18n import fill
from mesoplan.core.verdicts import Setting

AlertKind = Literal["session_due", "session_too_soon", "device_worn", "single_use_reused",
                    "device_not_sanitised", "reaction_prolonged", "red_flag", "session_not_allowed",
                    "session_needs_clearance", "session_with_open_flag"]
AlertLevel = Literal["info", "warning", "urgent"]
LEVEL_ORDER: Final[Mapping[str, int]] = MappingProxyType({"urgent": 0, "warning": 1, "info": 2})


@dataclass(frozen=True, slots=True)
class LoggedSession:
    """One session as logged in the diary, at home or in a clinic."""

    date: date
    setting: Setting
    zones: tuple[str, ...]
    needle_mm: float | None = None
    device_id: str | None = None  # id of the LoggedDevice used
    passes: int | None = None
    serum: str | None = None


@dataclass(frozen=True, slots=True)
class LoggedDevice:
    """A device of the person's own (a roller, a pen...), identified within the diary."""

    id: str
    kind: str  # a devices.yaml id
    needle_mm: float | None = None
    first_used: date | None = None
    uses_before: int = 0  # uses before it was entered in the diary
    last_sanitised: date | None = None
    retired_on: date | None = None  # replaced or thrown away


@dataclass(frozen=True, slots=True)
class LoggedReaction:
    """A reaction noticed after a session, with how bad it felt (1 mild … 5 severe)."""

    # `dt.date`: inside the class body the field `date` hides the type for the fields after it.
    date: dt.date
    symptom: str  # a side_effects.yaml id
    severity: int
    session_date: dt.date | None = None  # None: the latest session on or before `date`


@dataclass(frozen=True, slots=True)
class Alert:
    """Something in the diary the person should know or act on, with its sources."""

    kind: AlertKind
    level: AlertLevel
    date: date  # the day it concerns
    message_id: str  # English message id with {placeholders}, marked with N_
    sources: tuple[str, ...]
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, template: str) -> str:
        """Fill a (translated) message template with this alert's values; `{date}` is always there."""
        return fill(template, self.params, date=self.date)

    @property
    def message(self) -> str:
        """The English message, filled in."""
        return self.render(self.message_id)


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One line of the diary's timeline: a logged or planned session, or a reaction."""

    date: date
    kind: Literal["session", "planned", "reaction"]
    setting: str | None
    label: str  # sessions: an N_ message id; reactions: the side_effects.yaml id
    zones: tuple[str, ...]
