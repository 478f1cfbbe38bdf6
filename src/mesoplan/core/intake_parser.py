"""Plain data (parsed JSON or YAML) → `Intake`, naming the field of any mistake.

Every error is an `IntakeError` whose `field` is a path such as
`medications[1].stopped`, with the closest known ids for a misspelt one.
"""

from __future__ import annotations

import contextlib
import difflib
import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from types import MappingProxyType
from typing import Any, TypeVar, cast

from mesoplan.core.i18n import N_
from mesoplan.core.intake import FLAG_CONDITIONS, Condition, Device, Intake, Medication, Person, Procedure
from mesoplan.core.knowledge import Category, Knowledge
from mesoplan.core.verdicts import SETTINGS, Setting
from mesoplan.errors import IntakeError

T = TypeVar("T")

TOP_KEYS = frozenset({
    "setting", "start", "person", "goals", "zones", "conditions", "medications",
    "procedures", "allergies", "device", "serums",
})
SEXES = ("female", "male", "other")
PERSON_KEYS = frozenset({"age", "sex", "fitzpatrick", "pregnant", "breastfeeding"})
CONDITION_KEYS = frozenset({"id", "zones", "until", "since", "note"})
MEDICATION_KEYS = frozenset({"id", "stopped", "until", "prescribed", "note", "inr"})
PROCEDURE_KEYS = frozenset({"id", "date", "zones"})
DEVICE_KEYS = frozenset({"kind", "needle_mm", "needles", "first_used", "uses"})
NOT_IN_SETTING = MappingProxyType({"home": N_("{zone} cannot be treated at home"),
                  "clinic": N_("{zone} cannot be treated in a clinic")})


def closest(word: str, known: Sequence[str]) -> tuple[str, ...]:
    """Up to three known ids that look like `word`."""
    return tuple(difflib.get_close_matches(word, known, n=3, cutoff=0.6))


WHOLE_NUMBER = N_("enter a whole number from {low} to {high}")


class _Reader:
    """Reads one mapping, tracking its path and rejecting unknown keys."""

    def __init__(self, data: object, path: str, allowed: frozenset[str],
                 days: dict[str, date] | None = None) -> None:
        # JSON and YAML give dicts: the exact type first, as the check against the abstract
        # Mapping costs about a microsecond, and an intake has a dozen of these.
        if type(data) is not dict and not isinstance(data, Mapping):
            raise IntakeError(path or "intake", N_("expected a group of named fields (a JSON object)"))
        self.data = cast(Mapping[str, Any], data)
        self.path = path
        self.days = days
        for key in self.data:
            if key not in allowed:
                raise IntakeError(self.at(str(key)), N_("unknown field"), closest(str(key), sorted(allowed)))

    def at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def get(self, key: str) -> Any:
        return self.data.get(key)

    def date(self, key: str) -> date | None:
        value = self.data.get(key)
        if value is None:
            return None
        return parse_date(value, self.at(key), self.days)

    def bool(self, key: str) -> bool | None:
        value = self.data.get(key)
        if value is None or isinstance(value, bool):
            return value
        raise IntakeError(self.at(key), N_("answer yes or no (true or false)"))

    def int(self, key: str, low: int, high: int) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise IntakeError(self.at(key), WHOLE_NUMBER, params={"low": low, "high": high})
        return value


# Dates outside these years are typing mistakes, and screening and planning count
# months and years from them: near year 1 or 9999 that arithmetic leaves the calendar.
EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)


def parse_date(value: object, path: str, days: dict[str, date] | None = None) -> date | None:
    """A date from an ISO string (YAML may already have made it a date), from 1900 to 2199.

    `days`: the dates already read from text by the caller (an `IntakeParser`), to share one
    date per day across the intakes it parses.
    """
    if value is None:
        return None
    if days is not None and type(value) is str:
        known = days.get(value)
        if known is not None:
            return known
    day: date | None = None
    if isinstance(value, datetime):
        # YAML reads `2026-12-01 10:00` as a timestamp; only the day matters here, and a
        # datetime would not compare with the dates screening works in.
        day = value.date()
    elif isinstance(value, date):
        day = value
    elif isinstance(value, str):
        with contextlib.suppress(ValueError):  # a string that is no date: the error below
            day = date.fromisoformat(value)
    if day is None:
        raise IntakeError(path, N_("enter a date as YYYY-MM-DD, such as 2026-03-01"))
    if not EARLIEST <= day <= LATEST:
        raise IntakeError(path, N_("enter a date from {earliest} to {latest}"),
                          params={"earliest": EARLIEST, "latest": LATEST})
    if days is not None and type(value) is str and len(days) < MAX_REMEMBERED_DAYS:
        days[value] = day
    return day


MAX_REMEMBERED_DAYS = 100_000  # per parser: a clinic's intakes name the same days again and again


def _id_list(value: object, path: str, known: Sequence[str], what: str,
             canonical: Mapping[str, str] | None = None) -> tuple[str, ...]:
    if value is None:
        return ()
    # The usual case first, without writing a path per item: every item a known id. The
    # knowledge base's own strings are kept, not the data's copies: thousands of intakes
    # then share them (a bulk re-screen holds 100 000 in memory, and forks).
    if canonical is not None and type(value) is list:
        try:
            ids = {canonical[v] for v in value}
        except (KeyError, TypeError):  # an unknown id or not an id: the error below names it
            pass
        else:
            return tuple(sorted(ids))
    if not isinstance(value, list):
        raise IntakeError(path, N_("expected a list of ids from the knowledge base"))
    found = []
    for i, item in enumerate(value):
        found.append(_known_id(item, f"{path}[{i}]", known, what))
    return tuple(sorted(set(found)))


def _known_id(value: object, path: str, known: Sequence[str], what: str) -> str:
    if type(value) is str and value in known:
        return value
    if not isinstance(value, str):
        raise IntakeError(path, N_("expected an id from the knowledge base"))
    if value not in known:
        raise IntakeError(path, N_("“{value}” is not one of the choices"), closest(value, known),
                          params={"value": value})
    return value


def _entries(value: object, path: str) -> list[tuple[str, object]]:
    """A list whose items are mappings or bare ids (`- eczema`)."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise IntakeError(path, N_("expected a list"))
    return [(f"{path}[{i}]", {"id": item} if isinstance(item, str) else item) for i, item in enumerate(value)]


class IntakeParser:
    """Parses intakes against one knowledge base's vocabulary."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        self.zones = tuple(sorted(knowledge.zones))
        self.goals = tuple(sorted(knowledge.goals))
        self.devices = tuple(sorted(knowledge.devices))
        self.serums = tuple(sorted(i.id for i in knowledge.ingredients.values() if i.serum))
        self.allergens = tuple(sorted(knowledge.ingredients))
        self.ids: dict[Category, tuple[str, ...]] = {
            c: knowledge.ids(c) for c in ("condition", "medication", "procedure")
        }
        # Each known id mapped to the knowledge base's own string: a fast membership test, and
        # one shared string instead of a copy per intake. The sorted tuples stay for the
        # closest matches an error suggests.
        self.zone_ids, self.goal_ids = _canonical(self.zones), _canonical(self.goals)
        self.serum_ids, self.allergen_ids = _canonical(self.serums), _canonical(self.allergens)
        self.device_ids = _canonical(self.devices)
        self.entry_ids = {c: _canonical(ids) for c, ids in self.ids.items()}
        # Dates read from text: a clinic's intakes name the same days again and again, and a
        # date made once is shared by every intake this parser reads (dates are immutable).
        self.days: dict[str, date] = {}

    def parse(self, data: object, default_start: date | None = None) -> Intake:
        """Build an `Intake`; `default_start` is used when the data has no `start`."""
        top = _Reader(data, "", TOP_KEYS, self.days)
        setting = top.get("setting")
        if setting not in SETTINGS:
            raise IntakeError("setting", N_("choose home or clinic"),
                              closest(str(setting), SETTINGS) if isinstance(setting, str) else ())
        start = top.date("start") or default_start
        if start is None:
            raise IntakeError("start", N_("enter the day you would like the first session, as YYYY-MM-DD"))
        setting = SETTINGS[SETTINGS.index(setting)]  # the shared string, not the data's copy
        zones = _id_list(top.get("zones"), "zones", self.zones, "zone", self.zone_ids)
        if not zones:
            # Screening answers per treated zone: with none there is nothing to answer for,
            # and an empty answer would read as "go" (contract §1: at least one zone).
            raise IntakeError("zones", N_("choose at least one zone to treat, such as the forehead or the cheeks"))
        self._check_zone_settings(top.get("zones"), setting)
        person = self._person(top.get("person"))
        conditions = _with_person_flags(self._conditions(top.get("conditions")), person)
        return Intake(
            setting=setting,
            start=start,
            person=person,
            goals=_id_list(top.get("goals"), "goals", self.goals, "goal", self.goal_ids),
            zones=zones,
            conditions=conditions,
            medications=self._medications(top.get("medications")),
            procedures=self._procedures(top.get("procedures")),
            allergies=_id_list(top.get("allergies"), "allergies", self.allergens, "allergen", self.allergen_ids),
            device=self._device(top.get("device"), setting),
            serums=_id_list(top.get("serums"), "serums", self.serums, "serum", self.serum_ids),
        )

    def _check_zone_settings(self, raw_zones: object, setting: Setting) -> None:
        # Walk the zones as written, so the error names the position the person typed.
        for i, zone_id in enumerate(raw_zones if isinstance(raw_zones, list) else []):
            if setting not in self.knowledge.zones[zone_id].settings:
                raise IntakeError(f"zones[{i}]", NOT_IN_SETTING[setting],
                                  params={"zone": self.knowledge.zones[zone_id].name})

    def _person(self, data: object) -> Person:
        if data is None:
            return Person()
        r = _Reader(data, "person", PERSON_KEYS, self.days)
        sex = r.get("sex")
        if sex is not None:
            if sex not in SEXES:
                raise IntakeError("person.sex", N_("choose female, male or other"))
            sex = SEXES[SEXES.index(sex)]
        return Person(age=r.int("age", 0, 120), sex=sex, fitzpatrick=r.int("fitzpatrick", 1, 6),
                      pregnant=r.bool("pregnant"), breastfeeding=r.bool("breastfeeding"))

    def _zones_of(self, r: _Reader) -> tuple[str, ...] | None:
        """An entry's zones; none named (missing or `[]`) means the whole treated area.

        `[]` must not read as "on no zone": a local condition would then spare every zone,
        milder than the same condition written without `zones` (docs/screening.md).
        """
        zones = _id_list(r.get("zones"), r.at("zones"), self.zones, "zone", self.zone_ids)
        return zones or None

    def _known(self, r: _Reader, category: Category) -> str:
        """The entry's id, which must be a known one of this category."""
        value = r.get("id")
        known = self.entry_ids[category].get(value) if type(value) is str else None
        return known if known is not None else _known_id(value, r.at("id"), self.ids[category], category)

    def _conditions(self, data: object) -> tuple[Condition, ...]:
        items = []
        for path, item in _entries(data, "conditions"):
            r = _Reader(item, path, CONDITION_KEYS, self.days)
            items.append(Condition(
                id=self._known(r, "condition"),
                zones=self._zones_of(r), until=r.date("until"), since=r.date("since"), note=_note(r),
            ))
        return tuple(sorted(items, key=_condition_key))

    def _medications(self, data: object) -> tuple[Medication, ...]:
        items = []
        for path, item in _entries(data, "medications"):
            r = _Reader(item, path, MEDICATION_KEYS, self.days)
            stopped, until = r.date("stopped"), r.date("until")
            if stopped is not None and until is not None:
                raise IntakeError(r.at("until"), N_("give either the day of the last dose taken or the day you "
                                                    "will stop, not both"))
            items.append(Medication(
                id=self._known(r, "medication"),
                stopped=stopped, until=until, prescribed=bool(r.bool("prescribed")), note=_note(r), inr=_inr(r),
            ))
        return tuple(sorted(items, key=lambda m: (m.id, str(m.stopped), str(m.until), m.prescribed, m.note,
                                                  str(m.inr))))

    def _procedures(self, data: object) -> tuple[Procedure, ...]:
        items = []
        for path, item in _entries(data, "procedures"):
            r = _Reader(item, path, PROCEDURE_KEYS, self.days)
            items.append(Procedure(
                id=self._known(r, "procedure"),
                date=r.date("date"), zones=self._zones_of(r),
            ))
        return tuple(sorted(items, key=lambda p: (p.id, str(p.date), p.zones or ())))

    def _device(self, data: object, setting: Setting) -> Device | None:
        if data is None:
            return None
        r = _Reader(data, "device", DEVICE_KEYS, self.days)
        kind = self.device_ids[_known_id(r.get("kind"), "device.kind", self.devices, "device kind")]
        needle = r.get("needle_mm")
        if needle is not None:
            if isinstance(needle, bool) or not isinstance(needle, (int, float)) or not math.isfinite(needle):
                raise IntakeError("device.needle_mm", N_("enter the needle length in millimetres, such as 0.5"))
            if not 0 < needle <= 5:
                raise IntakeError("device.needle_mm", N_("enter a needle length above 0 and at most {max} mm"),
                                  params={"max": 5.0})
        if needle is not None and not self.knowledge.devices[kind].has_needles:
            raise IntakeError("device.needle_mm", N_("{device} has no needles: leave the needle length empty"),
                              params={"device": self.knowledge.devices[kind].name})
        return Device(kind=kind, needle_mm=float(needle) if needle is not None else None,
                      needles=r.int("needles", 1, 5000), first_used=r.date("first_used"),
                      uses=r.int("uses", 0, 100000) or 0)


def _with_person_flags(conditions: tuple[Condition, ...], person: Person) -> tuple[Condition, ...]:
    """The conditions, with `pregnancy` / `breastfeeding` added, ongoing, where the person's flag says so.

    The flag is added even when the intake also lists the condition: the flag says "now, end
    unknown", and a listed entry (perhaps one that ended in the past) must not make that milder.
    Screening both takes the stricter (docs/screening.md, step 1).
    """
    added = tuple(Condition(condition_id) for flag, condition_id in FLAG_CONDITIONS
                  if getattr(person, flag) and Condition(condition_id) not in conditions)
    if not added:
        return conditions
    return tuple(sorted((*conditions, *added), key=_condition_key))


def _canonical(ids: Iterable[str]) -> dict[str, str]:
    return {i: i for i in ids}


def _condition_key(c: Condition) -> tuple[str, str, str, tuple[str, ...], str]:
    return (c.id, str(c.until), str(c.since), c.zones or (), c.note)


NOTE_MAX_CHARS = 500


def _note(r: _Reader) -> str:
    """An entry's free-text note: the person's own words, kept for a professional to read."""
    value = r.get("note")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise IntakeError(r.at("note"), "expected a text")
    if len(value) > NOTE_MAX_CHARS:
        raise IntakeError(r.at("note"), N_("write at most {count} characters"), params={"count": NOTE_MAX_CHARS})
    return value.strip()


# The widest INR a laboratory reports is far below this; it only keeps a typing slip (25 for 2.5) out.
INR_MAX = 20.0


def _inr(r: _Reader) -> float | None:
    """A medication's latest INR result, as the laboratory reports it (such as 2.4); the knowledge base judges it."""
    value = r.get("inr")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise IntakeError(r.at("inr"), N_("enter the INR result as a number, such as 2.5"))
    if not 0 < value <= INR_MAX:
        raise IntakeError(r.at("inr"), N_("enter an INR result above 0 and at most {max}"), params={"max": INR_MAX})
    return float(value)
