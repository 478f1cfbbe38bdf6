"""Values derived from a knowledge base once, when it is built, instead of by every screening and plan.

Pure. A bulk re-screen screens and plans thousands of intakes against one knowledge base:
screening's lookup tables and the plan's check-in texts are the same for all of them, so they
are made here, with the base, and travel with it. Nothing is remembered at module level.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from mesoplan.core.knowledge import Grade, Knowledge, grades_of
from mesoplan.core.plan_events import CheckTexts, check_texts
from mesoplan.core.screening_index import ScreeningIndex, build_index


@dataclass(frozen=True, slots=True)
class Derived:
    """What every screening and plan of one knowledge base would otherwise work out again."""

    screening: ScreeningIndex
    check_texts: CheckTexts
    rule_grades: Mapping[str, Grade]


def with_derived(knowledge: Knowledge) -> Knowledge:
    """The knowledge base with its derived values, made from its other fields.

    Call it on every `Knowledge` built or changed (`knowledge_schema.build`, `policy.apply_policy`):
    `dataclasses.replace` copies the old values, which would then describe the old base.
    """
    bare = replace(knowledge, derived_values=None)
    return replace(bare, derived_values=Derived(build_index(bare), check_texts(bare), grades_of(bare)))
