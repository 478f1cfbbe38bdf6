"""The shipped knowledge base against the shared specification: seed facts, disagreements, vocabulary, sources."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from factories import contract_example, device, intake, medication, screened
from mesoplan.core.contract import MIN_VOCABULARY
from mesoplan.core.knowledge import Rule
from mesoplan.core.verdicts import RANK
from mesoplan.knowledge_check import citations
from mesoplan.knowledge_loader import load_knowledge

KB = load_knowledge()
# CI clones main with shared/ beside it, as ../shared.
SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"


def shared_text(relative: str) -> str:
    """A file of the shared specification; fails (never skips) when shared/ is not beside the repository."""
    path = SHARED / relative
    assert path.is_file(), f"{path} is missing: clone shared/ beside the repository (as ../shared)"
    return path.read_text(encoding="utf-8")


def inventory() -> list[tuple[str, str, str]]:
    """(id, kind, statement) of every seed fact in shared/spec/seed-facts.md."""
    return re.findall(r"^\| (\d{3}-\d{2}) \| (\w+) \| (.+) \|$", shared_text("spec/seed-facts.md"), re.MULTILINE)


def seed_disagreements() -> dict[str, tuple[str, ...]]:
    """D1–D8 of seed-facts.md, each with the seed facts it is between."""
    rows = re.findall(r"^\| (D\d+) \| ([\d\- vs]+) \|", shared_text("spec/seed-facts.md"), re.MULTILINE)
    return {d_id: tuple(re.findall(r"\d{3}-\d{2}", between)) for d_id, between in rows}


def contract_vocabulary() -> dict[str, set[str]]:
    """The minimum vocabulary of contract.md §1, by its heading (zones, goals, conditions…)."""
    text = shared_text("spec/contract.md").split("### Minimum vocabulary", 1)[1].split("\n\n", 1)[0]
    vocabulary = {}
    for heading, body in re.findall(r"^- \*\*(.+?)\*\*[^:]*: (.+?)(?=^- \*\*|\Z)", text, re.MULTILINE | re.DOTALL):
        vocabulary[heading] = {word.strip() for word in body.replace("\n", " ").split(",")}
    return vocabulary


def test_the_shipped_knowledge_base_loads_with_a_version() -> None:
    """The shipped base loads and carries its own version plus a digest of its files."""
    assert re.fullmatch(r"\d{4}\.\d+\.\d+\+[0-9a-f]{10}", KB.version)


def test_the_inventory_has_88_seed_facts() -> None:
    """shared/spec/seed-facts.md lists 88 seed facts, each once."""
    ids = [fact_id for fact_id, _, _ in inventory()]
    assert len(ids) == len(set(ids)) == 88


def test_every_seed_fact_of_the_inventory_is_in_the_knowledge_base_as_written() -> None:
    """seed_facts.yaml holds exactly the inventory's facts, with the same kind and statement."""
    expected = {fact_id: (kind, statement) for fact_id, kind, statement in inventory()}
    actual = {f.id: (f.kind, f.statement) for f in KB.seed_facts.values()}
    assert actual == expected


def test_every_seed_fact_belongs_to_its_seed_article() -> None:
    """Fact 002-14 belongs to seed 002, whose source names its file in shared/seeds."""
    for fact in KB.seed_facts.values():
        assert fact.seed == fact.id[:3]
        seed = KB.sources[fact.seed]
        assert seed.kind == "seed"
        assert seed.file is not None
        assert (SHARED / "seeds" / seed.file).is_file(), seed.file


def test_every_seed_fact_is_cited_somewhere() -> None:
    """Coverage is 88/88: every seed fact is cited by a rule, zone, device, care item or explanation."""
    cited = citations(KB)
    assert sorted(f for f in KB.seed_facts if not cited.get(f)) == []
    assert len(cited) == len(KB.seed_facts) == 88


@pytest.mark.parametrize("d_id", sorted(seed_disagreements()))
def test_every_seed_disagreement_is_recorded_with_both_sides_a_decision_and_why(d_id: str) -> None:
    """D1–D8 each have two or more sides that cite the seed facts in question, a decision and a reason."""
    disagreement = KB.disagreements[d_id]
    assert disagreement.kind == "seeds"
    assert len(disagreement.sides) >= 2
    assert all(side.says.strip() and side.sources for side in disagreement.sides)
    cited = {code for side in disagreement.sides for code in side.sources}
    assert set(seed_disagreements()[d_id]) <= cited
    assert disagreement.decision.strip() and disagreement.why.strip()


def test_the_inventory_names_eight_seed_disagreements() -> None:
    """seed-facts.md names D1 to D8, each between two or more seed facts."""
    disagreements = seed_disagreements()
    assert sorted(disagreements) == [f"D{n}" for n in range(1, 9)]
    assert all(len(between) >= 2 for between in disagreements.values())


@pytest.mark.parametrize("e_id", ["E1", "E2", "E3", "E4", "E5"])
def test_every_evidence_contradiction_is_recorded_with_both_sides_a_decision_and_why(e_id: str) -> None:
    """E1–E5 each have two or more sides, at least one citing graded literature, a decision and a reason."""
    disagreement = KB.disagreements[e_id]
    assert disagreement.kind == "evidence"
    assert len(disagreement.sides) >= 2
    assert all(side.says.strip() and side.sources for side in disagreement.sides)
    graded = [code for side in disagreement.sides for code in side.sources
              if code in KB.sources and KB.sources[code].grade is not None]
    assert graded
    assert disagreement.decision.strip() and disagreement.why.strip()


def test_the_code_keeps_the_contract_vocabulary_as_written() -> None:
    """core/contract.py's minimum vocabulary is exactly contract.md §1's."""
    headings = {"zones": "zone", "goals": "goal", "conditions": "condition", "medications": "medication",
                "procedures": "procedure", "device kinds": "device", "serums / ingredients / allergens": "ingredient"}
    assert {headings[h]: ids for h, ids in contract_vocabulary().items()} == {
        kind: set(ids) for kind, ids in MIN_VOCABULARY.items()}


def test_every_contract_vocabulary_id_is_in_the_knowledge_base() -> None:
    """Every id of the contract's minimum vocabulary is present in its kind."""
    present = {"zone": set(KB.zones), "goal": set(KB.goals), "device": set(KB.devices),
               "ingredient": set(KB.ingredients),
               **{kind: set(KB.ids(kind)) for kind in ("condition", "medication", "procedure")}}
    missing = {kind: sorted(set(ids) - present[kind]) for kind, ids in MIN_VOCABULARY.items()}
    assert all(not ids for ids in missing.values()), missing


def test_every_condition_medication_and_procedure_has_a_rule() -> None:
    """Each contract condition, medication and procedure has at least one rule saying its effect."""
    for kind in ("condition", "medication", "procedure"):
        for entry_id in MIN_VOCABULARY[kind]:
            assert KB.vocabulary[entry_id].rules, f"{kind} {entry_id} has no rule"


def test_every_literature_source_has_an_evidence_grade() -> None:
    """Every literature source is graded A, B, C or D; seed articles are not graded."""
    for source in KB.sources.values():
        assert (source.grade in ("A", "B", "C", "D")) == (source.kind == "literature"), source.code


def test_every_rule_cites_a_known_source() -> None:
    """Every rule cites at least one seed fact or literature source the base knows."""
    known = set(KB.sources) | set(KB.seed_facts)
    for rule in KB.all_rules():
        assert rule.sources, rule.id
        assert set(rule.sources) <= known, rule.id


def test_every_postponing_rule_says_what_an_undated_entry_does() -> None:
    """A postpone rule has an `open_ended` effect, or is a procedure's (an undated one waits from the start)."""
    undated_unknown = [r.id for r in KB.all_rules()
                       if r.effect == "postpone" and r.open_ended is None and r.category != "procedure"]
    assert undated_unknown == []


def test_no_procedure_rule_lets_an_undated_procedure_wait_less_than_a_dated_one() -> None:
    """A procedure rule's `open_ended`, where it has one, is stricter than its dated effect."""
    milder = [r.id for r in KB.all_rules()
              if r.category == "procedure" and r.open_ended is not None and RANK[r.open_ended] <= RANK[r.effect]]
    assert milder == []


def test_no_zone_allows_a_longer_needle_than_its_setting() -> None:
    """Each zone's suggested length is within its limit, and its limit within the setting's."""
    for zone in KB.zones.values():
        for setting, band in zone.needle.items():
            assert 0 < band.suggested_mm <= band.max_mm <= KB.settings[setting].max_mm, (zone.id, setting)


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _rule_intakes(rule: Rule) -> list[dict[str, object]]:
    """The intakes that make a rule speak: its trigger examples, and a prescribed one where it has that message."""
    intakes = [{**intake(), **example.intake} for example in rule.triggers]
    if rule.prescribed_effect is not None:
        intakes.append(intake(medications=[medication(rule.factor, prescribed=True)]))
    return intakes


RULES = KB.all_rules()


@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_every_rule_message_is_complete_when_shown(rule: Rule) -> None:
    """Each message a rule gives has every {placeholder} filled in: no braces reach the person."""
    for data in _rule_intakes(rule):
        for found in screened(data).reasons:
            if found.rule == rule.id:
                assert "{" not in found.message and "}" not in found.message, (rule.id, found.message)


def test_every_built_in_check_message_is_complete_when_shown() -> None:
    """Needle, wear, hygiene and serum-allergy messages have every {placeholder} filled in."""
    intakes = [
        contract_example(),
        intake(device=device(needle_mm=1.5)),
        intake(setting="clinic", zones=["periorbital", "cheeks"], device=device("professional_pen", needle_mm=1.0)),
        intake(serums=["hyaluronic_acid"], allergies=["hyaluronic_acid"]),
    ]
    shown = {r.rule: r.message for data in intakes for r in screened(data).reasons if r.rule in KB.checks}
    assert set(shown) == set(KB.checks)
    assert {check: _placeholders(message) for check, message in shown.items() if _placeholders(message)} == {}
