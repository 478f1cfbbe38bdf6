"""Answers no one can truthfully give, refused on new input only.

A last dose taken in the future, a device first used in the future, a condition that ends
before it began, a pregnancy with the sex male: each is a typing mistake, and screening it
would answer a question nobody asked. These checks apply to what a person enters now (the
self-check form, the API, the CLI); an intake stored before them still loads and is screened
as it was (decisions item 10), so they live here and not in the parser.

They read the intake as it was written, after the parser accepted it, so that each error
names the entry at the position the person typed it (`medications[1].stopped`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

from mesoplan.core.i18n import N_
from mesoplan.core.intake_parser import parse_date
from mesoplan.errors import IntakeError

LAST_DOSE_AHEAD = N_("the date is in the future: enter the day you took the last dose")
FIRST_USE_AHEAD = N_("the date is in the future: leave it empty for a new device")
ENDS_BEFORE_START = N_("the end ({until}) is before the start ({since})")
PREGNANT_MALE = N_("pregnancy is ticked and the sex is male: correct one of the two")


def impossible_answers(data: Mapping[str, Any], today: date,
                       days: dict[str, date] | None = None) -> tuple[IntakeError, ...]:
    """Every impossible answer of an intake the parser accepted, in the order of the intake.

    `days`: the parser's dates already read from text (`IntakeParser.days`), so that each date the
    parser just read is not read again."""
    return tuple(_found(data, today, days))


def _found(data: Mapping[str, Any], today: date, days: dict[str, date] | None) -> Iterator[IntakeError]:
    person = data.get("person") or {}
    if person.get("pregnant") is True and person.get("sex") == "male":
        yield IntakeError("person.pregnant", PREGNANT_MALE)
    for path, entry in _entries(data, "conditions"):
        since, until = parse_date(entry.get("since"), path, days), parse_date(entry.get("until"), path, days)
        if since is not None and until is not None and until < since:
            yield IntakeError(f"{path}.until", ENDS_BEFORE_START, params={"since": since, "until": until})
    for path, entry in _entries(data, "medications"):
        stopped = parse_date(entry.get("stopped"), path, days)
        if stopped is not None and stopped > today:
            yield IntakeError(f"{path}.stopped", LAST_DOSE_AHEAD)
    device = data.get("device") or {}
    first_used = parse_date(device.get("first_used"), "device.first_used", days)
    if first_used is not None and first_used > today:
        yield IntakeError("device.first_used", FIRST_USE_AHEAD)


def _entries(data: Mapping[str, Any], name: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    for i, item in enumerate(data.get(name) or ()):
        if type(item) is dict or isinstance(item, Mapping):  # a bare id (`- eczema`) has no dates
            yield f"{name}[{i}]", item
