"""Checks and listings over a loaded knowledge base: rule examples, citations, tables."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date
from typing import Any

from mesoplan.core.intake_parser import IntakeParser
from mesoplan.core.knowledge import Example, Knowledge, Rule
from mesoplan.core.screening import screen
from mesoplan.errors import IntakeError, KnowledgeError

# Every rule example is an intake fragment laid over this base (docs/knowledge-base.md).
BASE_EXAMPLE: dict[str, Any] = {"setting": "home", "start": date(2026, 12, 1), "zones": ["forehead", "cheeks"]}


def example_intake(example: Example) -> dict[str, Any]:
    """The full intake of a rule example."""
    return {**BASE_EXAMPLE, **example.intake}


def rule_file(rule: Rule) -> str:
    """The file a rule lives in, for error messages."""
    if rule.category in ("serum", "allergy"):
        return "ingredients.yaml"
    return {"condition": "conditions.yaml", "medication": "medications.yaml",
            "procedure": "procedures.yaml", "person": "person.yaml"}.get(rule.category, "rules")


def example_outcome(kb: Knowledge, parser: IntakeParser, rule: Rule, example: Example, key: str) -> str | None:
    """Screen one example; the effect the rule gave, or None if it gave no reason."""
    try:
        intake = parser.parse(example_intake(example))
    except IntakeError as error:
        raise KnowledgeError(rule_file(rule), rule.id, key, f"example is not a valid intake: {error}") from None
    effects = [r.effect for r in screen(intake, kb).reasons if r.rule == rule.id]
    return effects[0] if effects else None


def check_examples(kb: Knowledge) -> int:
    """Run every rule's examples; raise `KnowledgeError` on the first that misbehaves.

    Returns the number of examples run.
    """
    parser = IntakeParser(kb)
    count = 0
    for rule in kb.all_rules():
        for example in rule.triggers:
            got = example_outcome(kb, parser, rule, example, "triggers")
            if got is None or (example.effect is not None and got != example.effect):
                raise KnowledgeError(rule_file(rule), rule.id, "triggers",
                                     f"example {dict(example.intake)} gave {got or 'no reason'}, "
                                     f"expected {example.effect or 'a reason'}")
            count += 1
        for example in rule.ignores:
            got = example_outcome(kb, parser, rule, example, "ignores")
            if got is not None:
                raise KnowledgeError(rule_file(rule), rule.id, "ignores",
                                     f"example {dict(example.intake)} triggered the rule ({got})")
            count += 1
    return count + check_spacing_examples(kb)


def check_spacing_examples(kb: Knowledge) -> int:
    """Each protocol's spacing examples: the days apart the planner uses at that depth. Returns how many ran."""
    count = 0
    for protocol in kb.protocols.values():
        for needle_mm, expected in protocol.spacing_examples:
            got = kb.session_interval(protocol, needle_mm)
            if got != expected:
                raise KnowledgeError("protocols.yaml", protocol.id, "spacing_examples",
                                     f"at {needle_mm:g} mm the sessions are {got} days apart, not {expected}")
            count += 1
    return count


def walk_fields(value: object, where: str, names: frozenset[str]) -> Iterator[tuple[str, str, Any]]:
    """Every dataclass field named in `names` inside a value: (where, field name, value).

    `where` labels the place as `section:entry-id`. Rule examples are intakes, not knowledge,
    so they are not entered.
    """
    if isinstance(value, dict):
        for key, item in value.items():
            yield from walk_fields(item, f"{where}:{key}" if where else str(key), names)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from walk_fields(item, where, names)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        label = getattr(value, "id", None) or getattr(value, "code", None)
        here = f"{where.split(':')[0]}:{label}" if isinstance(label, str) and label else where
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            if f.name in names:
                yield here, f.name, item
            elif f.name not in ("triggers", "ignores"):
                yield from walk_fields(item, here, names)


SECTIONS = ("settings", "zones", "devices", "vocabulary", "ingredients", "goals", "checks", "intervals",
            "side_effects", "care", "disagreements", "explanations", "protocols", "schedule", "thresholds")
# The fields that hold source codes: an entry's own, and those of a number that has its own.
SOURCE_FIELDS = frozenset({
    "sources", "policy_washout_sources", "resume_after_sources", "review_sources", "maintenance_sources",
    "pause_sources", "next_session_sources", "partial_zone_sources", "severe_sources",
})


def citations(kb: Knowledge) -> dict[str, list[str]]:
    """Seed fact id → the places that cite it (such as `zones:forehead`)."""
    cited: dict[str, list[str]] = {}
    for section in SECTIONS:
        for where, _, codes in walk_fields(getattr(kb, section), section, SOURCE_FIELDS):
            for code in codes:
                if code in kb.seed_facts and where not in cited.setdefault(code, []):
                    cited[code].append(where)
    return cited


def listing(kb: Knowledge, kind: str) -> list[dict[str, Any]]:
    """The entries of one kind as rows with an `id` and a one-line `summary`."""
    if kind == "rules":
        return [{"id": r.id, "summary": f"{r.category}:{r.factor} → {r.effect}", "sources": list(r.sources)}
                for r in kb.all_rules()]
    if kind in ("conditions", "medications", "procedures", "person"):
        category = kind.rstrip("s") if kind != "person" else "person"
        return [{"id": e.id, "summary": f"{e.name} — " + ", ".join(f"{r.id}: {r.effect}" for r in e.rules),
                 "sources": list(e.sources)}
                for e in kb.vocabulary.values() if e.category == category]
    if kind == "intervals":
        return [{"id": f"≤{i.up_to_mm:g} mm", "summary": f"at least {i.min_days} days", "sources": list(i.sources)}
                for i in kb.intervals]
    rows = []
    for key, value in getattr(kb, kind).items():
        summary = next((getattr(value, a) for a in ("name", "title", "topic", "statement", "citation", "message")
                        if hasattr(value, a)), "")
        rows.append({"id": key, "summary": str(summary), "sources": list(getattr(value, "sources", ()))})
    return rows
