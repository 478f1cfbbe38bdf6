"""Every rule of the shipped base, run on its own examples: each `triggers` fires it, each `ignores` does not."""

from __future__ import annotations

import pytest

from mesoplan.core.intake_parser import IntakeParser
from mesoplan.core.knowledge import Rule
from mesoplan.knowledge_check import example_outcome
from mesoplan.knowledge_loader import load_knowledge

KB = load_knowledge()
PARSER = IntakeParser(KB)
RULES = KB.all_rules()


@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_the_rule_fires_on_its_trigger_examples_and_not_on_its_ignore_examples(rule: Rule) -> None:
    """Each trigger example gives a reason from the rule with the expected effect; each ignore example none."""
    for example in rule.triggers:
        got = example_outcome(KB, PARSER, rule, example, "triggers")
        assert got is not None, f"{dict(example.intake)} gave no reason from {rule.id}"
        assert example.effect in (None, got), f"{dict(example.intake)} gave {got}, expected {example.effect}"
    for example in rule.ignores:
        got = example_outcome(KB, PARSER, rule, example, "ignores")
        assert got is None, f"{dict(example.intake)} should not trigger {rule.id}, gave {got}"
