"""A seeded, varied population of clinic clients' intakes for the bulk re-screen benchmarks.

Every intake is plain data, as a clinic stores it (ISO dates, lists), drawn from the
knowledge base's vocabulary: most clients name 0–3 conditions, 0–3 medications (with a
last dose, a planned end or still taking them), 1–5 zones, some a device, a procedure,
an allergy or serums. As in real clinics some share one intake exactly: a client booked
on an intake copied from another (a package, a family member) or the bare walk-in intake
on one of the open days. `duplicate_share` says how many.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from typing import Any

from mesoplan.core.knowledge import Knowledge

Data = dict[str, Any]
FIRST_DAY = date(2026, 11, 2)
DAYS = 150  # start dates spread over five months
COPIED = 0.15  # share of clients booked on an earlier client's intake
WALK_IN = 0.07  # share with the bare walk-in intake
# The common ones are named three times as often as the rest.
COMMON_CONDITIONS = {"herpes_simplex_history", "rosacea", "active_acne", "eczema", "common_cold", "sunburn",
                     "atopic_dermatitis", "psoriasis", "keloid_tendency", "rash", "melasma"}
COMMON_MEDICATIONS = {"topical_retinoid", "topical_acids", "topical_vitamin_c", "fish_oil", "nsaid", "aspirin",
                      "hormonal", "antibiotic", "isotretinoin", "minoxidil", "vitamin_e"}
PRESCRIBED = {"anticoagulant", "antiplatelet", "hormonal", "isotretinoin", "antibiotic", "immunosuppressant",
              "insulin", "minoxidil"}
ROUND_MM = (0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 2.5)


class Population:
    """Draws client intakes from one knowledge base's vocabulary with one seeded generator."""

    def __init__(self, kb: Knowledge, seed: int = 20261201) -> None:
        self.kb, self.rnd = kb, random.Random(seed)
        self.conditions = _weighted(kb.ids("condition"), COMMON_CONDITIONS)
        self.medications = _weighted(kb.ids("medication"), COMMON_MEDICATIONS)
        self.procedures = kb.ids("procedure")
        self.zonal = {r.factor for r in kb.all_rules() if r.zonal}
        self.serums = sorted(i.id for i in kb.ingredients.values() if i.serum)

    def intakes(self, count: int) -> list[Data]:
        """`count` intakes, some of them exact copies of earlier ones (see the module docstring)."""
        out: list[Data] = []
        for _ in range(count):
            roll = self.rnd.random()
            if out and roll < COPIED:
                out.append(self.rnd.choice(out))
            elif roll < COPIED + WALK_IN:
                out.append(self.walk_in())
            else:
                out.append(self.client())
        return out

    def walk_in(self) -> Data:
        day = FIRST_DAY + timedelta(days=7 * self.rnd.randrange(DAYS // 7))  # Mondays: open days
        return {"setting": "clinic", "start": day.isoformat(), "zones": ["cheeks", "forehead"], "goals": ["hydration"]}

    def client(self) -> Data:
        rnd = self.rnd
        setting = "clinic" if rnd.random() < 0.85 else "home"
        start = FIRST_DAY + timedelta(days=rnd.randrange(DAYS))
        zones = sorted(rnd.sample([z for z, v in self.kb.zones.items() if setting in v.settings], rnd.randint(1, 5)))
        data: Data = {"setting": setting, "start": start.isoformat(), "zones": zones,
                      "person": self.person(), "goals": rnd.sample(sorted(self.kb.goals), rnd.randint(1, 3))}
        lists = {
            "conditions": [self.condition(start, zones) for _ in range(_count(rnd, (45, 30, 15, 10)))],
            "medications": [self.medication(start) for _ in range(_count(rnd, (45, 30, 15, 10)))],
            "procedures": [self.procedure(start, zones) for _ in range(_count(rnd, (65, 25, 10)))],
            "allergies": rnd.sample(sorted(self.kb.ingredients), 1) if rnd.random() < 0.12 else [],
            "serums": rnd.sample(self.serums, rnd.randint(1, 2)) if rnd.random() < 0.5 else [],
        }
        data.update({key: value for key, value in lists.items() if value})
        if rnd.random() < 0.35:
            data["device"] = self.device(setting, start)
        return json.loads(json.dumps(data))  # one plain copy, as stored

    def person(self) -> Data:
        rnd = self.rnd
        person: Data = {"age": rnd.randint(15, 17) if rnd.random() < 0.03 else rnd.randint(18, 70),
                        "sex": rnd.choices(("female", "male", "other"), (80, 18, 2))[0]}
        if rnd.random() < 0.7:
            person["fitzpatrick"] = rnd.choices(range(1, 7), (8, 25, 30, 20, 10, 7))[0]
        return person

    def condition(self, start: date, zones: list[str]) -> Data:
        rnd = self.rnd
        entry: Data = {"id": rnd.choice(self.conditions)}
        if rnd.random() < 0.4:
            entry["until"] = (start + timedelta(days=rnd.randint(-60, 30))).isoformat()
        if entry["id"] in self.zonal and rnd.random() < 0.4:
            entry["zones"] = rnd.sample(zones, rnd.randint(1, len(zones)))
        return entry

    def medication(self, start: date) -> Data:
        rnd = self.rnd
        entry: Data = {"id": rnd.choice(self.medications)}
        roll = rnd.random()
        if roll < 0.35:
            entry["stopped"] = (start - timedelta(days=rnd.randint(0, 365))).isoformat()
        elif roll < 0.5:
            entry["until"] = (start + timedelta(days=rnd.randint(-20, 20))).isoformat()
        if entry["id"] in PRESCRIBED and rnd.random() < 0.5:
            entry["prescribed"] = True
        return entry

    def procedure(self, start: date, zones: list[str]) -> Data:
        rnd = self.rnd
        entry: Data = {"id": rnd.choice(self.procedures)}
        if rnd.random() < 0.9:
            entry["date"] = (start + timedelta(days=rnd.randint(-150, 21))).isoformat()
        if rnd.random() < 0.3:
            entry["zones"] = rnd.sample(zones, 1)
        return entry

    def device(self, setting: str, start: date) -> Data:
        rnd = self.rnd
        kinds = [d for d in self.kb.devices.values() if setting in d.settings]
        kind = rnd.choice(kinds)
        entry: Data = {"kind": kind.id}
        if kind.has_needles:
            low, high = kind.needle_range_mm[setting]  # type: ignore[index]
            entry["needle_mm"] = rnd.choice([mm for mm in ROUND_MM if low <= mm <= high] or [low])
        if setting == "home":
            entry["uses"] = rnd.randint(0, 15)
            if rnd.random() < 0.6:
                entry["first_used"] = (start - timedelta(days=rnd.randint(0, 120))).isoformat()
        return entry


def duplicate_share(intakes: list[Data]) -> float:
    """The share of clients whose intake is identical to an earlier client's."""
    distinct = {json.dumps(d, sort_keys=True) for d in intakes}
    return 1 - len(distinct) / len(intakes)


def _weighted(ids: tuple[str, ...], common: set[str]) -> list[str]:
    return [i for i in ids for _ in range(3 if i in common else 1)]


def _count(rnd: random.Random, weights: tuple[int, ...]) -> int:
    return rnd.choices(range(len(weights)), weights)[0]
