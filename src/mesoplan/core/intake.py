"""The intake (contract §1) as frozen values.

Lists are stored sorted, so two intakes that differ only in the order of their
lists are equal and screen the same. `parse_intake` (in `intake_parser`) builds
these from plain JSON/YAML data and names the field of any mistake.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from mesoplan.core.verdicts import Setting

Sex = Literal["female", "male", "other"]
# The person's yes/no flags that stand for a condition of the same meaning: (flag, condition id).
FLAG_CONDITIONS: tuple[tuple[str, str], ...] = (("pregnant", "pregnancy"), ("breastfeeding", "breastfeeding"))


@dataclass(frozen=True, slots=True)
class Person:
    """Who is treated; every field optional."""

    age: int | None = None
    sex: Sex | None = None
    fitzpatrick: int | None = None
    pregnant: bool | None = None
    breastfeeding: bool | None = None


@dataclass(frozen=True, slots=True)
class Condition:
    """A condition; without `until` it is active now and its end is unknown."""

    id: str
    zones: tuple[str, ...] | None = None
    until: date | None = None
    since: date | None = None
    note: str = ""  # the person's own words (an "other condition" a professional must look at)


@dataclass(frozen=True, slots=True)
class Medication:
    """A drug or supplement: `stopped` is the last dose taken, `until` the planned last dose."""

    id: str
    stopped: date | None = None
    until: date | None = None
    prescribed: bool = False
    note: str = ""  # the person's own words (an "other medicine" a professional must look at)
    inr: float | None = None  # the latest INR blood result, where one is recorded (warfarin and the like)


@dataclass(frozen=True, slots=True)
class Procedure:
    """Another procedure, done or booked, on `date`."""

    id: str
    date: date | None = None
    zones: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class Device:
    """The device the person will use."""

    kind: str
    needle_mm: float | None = None
    needles: int | None = None
    first_used: date | None = None
    uses: int = 0


@dataclass(frozen=True, slots=True)
class Intake:
    """Everything screening needs about one person on one start date."""

    setting: Setting
    start: date
    person: Person = Person()
    goals: tuple[str, ...] = ()
    zones: tuple[str, ...] = ()
    conditions: tuple[Condition, ...] = ()
    medications: tuple[Medication, ...] = ()
    procedures: tuple[Procedure, ...] = ()
    allergies: tuple[str, ...] = ()
    device: Device | None = None
    serums: tuple[str, ...] = ()
    # The hash of the fields above, made once: a bulk re-screen hashes every intake, and a
    # dataclass's own hash would walk all its nested entries again on every lookup.
    _hash: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash(self._values()))

    def __hash__(self) -> int:  # kept by @dataclass: an explicit __hash__ wins over eq/frozen
        return self._hash

    def __reduce__(self) -> tuple[type[Intake], tuple[object, ...]]:
        # Pickled and copied through the constructor, so the hash is made again: a string's
        # hash differs from one interpreter to the next.
        return (Intake, self._values())

    def _values(self) -> tuple[object, ...]:
        # The fields in order of declaration, which is also the constructor's positional order.
        return (self.setting, self.start, self.person, self.goals, self.zones, self.conditions, self.medications,
                self.procedures, self.allergies, self.device, self.serums)

    def factor_ids(self) -> frozenset[str]:
        """Every id the intake names, for rules that need another factor present."""
        ids = {c.id for c in self.conditions} | {m.id for m in self.medications}
        ids |= {p.id for p in self.procedures} | set(self.allergies) | set(self.serums)
        if self.device is not None:
            ids.add(self.device.kind)
        return frozenset(ids)
