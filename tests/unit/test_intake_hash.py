"""The intake's hash is made once, when it is built: equal intakes hash alike, copies and pickles too."""

from __future__ import annotations

import copy
import dataclasses
import pickle
import random
import subprocess
import sys
from typing import Any

from hypothesis import HealthCheck, given, settings

from mesoplan.core.intake import Intake
from mesoplan.core.intake_parser import IntakeParser
from profiles import examples
from strategies import KB, any_intakes, shuffled

EXAMPLES = settings(max_examples=examples(80), deadline=None, suppress_health_check=[HealthCheck.too_slow])
PARSER = IntakeParser(KB)


def field_hash(intake: Intake) -> int:
    """What the dataclass's own hash would be: the hash of the compared fields, in order."""
    return hash(tuple(getattr(intake, f.name) for f in dataclasses.fields(intake) if f.compare))


@EXAMPLES
@given(any_intakes())
def test_equal_intakes_hash_alike(data: dict[str, Any]) -> None:
    """Two intakes parsed apart, one written in another order, are equal and share their hash."""
    first, second = PARSER.parse(data), PARSER.parse(shuffled(data, random.Random(3)))
    assert first == second and hash(first) == hash(second) == field_hash(first)


def test_equality_is_on_the_fields_only() -> None:
    """Another zone makes another intake; the remembered hash is neither compared nor shown."""
    one = PARSER.parse({"setting": "home", "start": "2026-12-01", "zones": ["cheeks"]})
    other = dataclasses.replace(one, zones=("neck",))
    assert one != other and hash(other) == field_hash(other)
    assert dataclasses.replace(other, zones=("cheeks",)) == one
    assert "_hash" not in repr(one)


def test_copies_and_pickles_keep_equality_and_hash() -> None:
    """copy, deepcopy and pickle give an equal intake with the same hash."""
    one = PARSER.parse({"setting": "clinic", "start": "2026-12-01", "zones": ["cheeks"],
                        "medications": [{"id": "isotretinoin", "stopped": "2026-08-01"}]})
    for again in (copy.copy(one), copy.deepcopy(one), pickle.loads(pickle.dumps(one))):
        assert again == one and hash(again) == hash(one)


def test_a_pickle_from_another_interpreter_hashes_as_this_one_does() -> None:
    """Strings hash differently in each interpreter: an unpickled intake makes its hash again."""
    code = ("import pickle, sys\n"
            "from mesoplan.core.intake_parser import IntakeParser\n"
            "from mesoplan.knowledge_loader import load_knowledge\n"
            "intake = IntakeParser(load_knowledge()).parse({'setting': 'home', 'start': '2026-12-01',"
            " 'zones': ['cheeks', 'neck'], 'allergies': ['nickel']})\n"
            "sys.stdout.buffer.write(pickle.dumps(intake))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=120, check=True,
                          env={"PYTHONHASHSEED": "12345", "PATH": ""})
    there = pickle.loads(done.stdout)
    here = PARSER.parse({"setting": "home", "start": "2026-12-01", "zones": ["neck", "cheeks"],
                         "allergies": ["nickel"]})
    assert there == here and hash(there) == hash(here) and there in {here: 1}
