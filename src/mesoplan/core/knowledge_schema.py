"""Plain data of the knowledge files → frozen `Knowledge`, strictly.

Pure (the file reading lives in `mesoplan.knowledge_loader`). Unknown keys
are rejected, every reference is resolved, every rule cites a source; the
first problem raises `KnowledgeError` naming the file, the entry and the key.
"""

from __future__ import annotations

import builtins
import functools
import string
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, TypeVar, cast

from mesoplan.core.contract import MIN_VOCABULARY
from mesoplan.core.dates import Period
from mesoplan.core.derived import with_derived
from mesoplan.core.intake import FLAG_CONDITIONS
from mesoplan.core.knowledge import (
    BUILT_IN_CARE,
    FLAG_LEVELS,
    PERSON_FACTORS,
    CareItem,
    Category,
    Check,
    CheckIn,
    DeviceKind,
    Disagreement,
    Example,
    Explanation,
    Goal,
    Ingredient,
    Interval,
    Knowledge,
    Maintenance,
    NeedleRange,
    PolicyDefaults,
    Protocol,
    Rule,
    Schedule,
    SeedFact,
    SettingLimits,
    Side,
    SideEffect,
    Source,
    Thresholds,
    VocabularyEntry,
    Zone,
)
from mesoplan.core.policy_bounds import at_most
from mesoplan.core.verdicts import RANK, SETTINGS, VERDICTS, Setting, Verdict
from mesoplan.errors import KnowledgeError

GRADES = ("A", "B", "C", "D")

T = TypeVar("T")
Files = Mapping[str, Any]  # file name → parsed YAML


class Entry:
    """One mapping in a knowledge file, read key by key; `close()` rejects leftovers.

    Its readers are named after the types they return (`str`, `int`, `bool`), so inside
    the class the annotations spell out `builtins.` to mean the types themselves.
    """

    def __init__(self, file: builtins.str, entry: builtins.str, data: object) -> None:
        self.file, self.entry = file, entry
        if not isinstance(data, Mapping):
            raise KnowledgeError(file, entry, "-", "expected a mapping")
        self.data = cast(Mapping[builtins.str, Any], data)
        self.used: set[builtins.str] = set()

    def fail(self, key: builtins.str, problem: builtins.str) -> KnowledgeError:
        return KnowledgeError(self.file, self.entry, key, problem)

    def raw(self, key: builtins.str, default: Any = None) -> Any:
        self.used.add(key)
        return self.data.get(key, default)

    def str(self, key: builtins.str, default: builtins.str | None = None) -> builtins.str:
        value = self.raw(key, default)
        if not isinstance(value, builtins.str) or not value.strip():
            raise self.fail(key, "expected a non-empty text")
        return value.strip()

    def message(self, key: builtins.str, default: builtins.str | None = None) -> builtins.str:
        """A message template: its {placeholders} must be well formed, or it would fail when shown."""
        text = self.str(key, default)
        try:
            list(string.Formatter().parse(text))
        except ValueError as exc:
            raise self.fail(key, f"the message cannot be filled in: {exc}") from None
        return text

    def opt_str(self, key: builtins.str) -> builtins.str:
        return self.str(key, "") if self.raw(key) is not None else ""

    def num(self, key: builtins.str, required: builtins.bool = True) -> float | None:
        value = self.raw(key)
        if value is None and not required:
            return None
        if isinstance(value, builtins.bool) or not isinstance(value, (builtins.int, float)) or value < 0:
            raise self.fail(key, "expected a number of at least 0")
        return float(value)

    def int(self, key: builtins.str, required: builtins.bool = True) -> builtins.int | None:
        value = self.raw(key)
        if value is None and not required:
            return None
        if isinstance(value, builtins.bool) or not isinstance(value, builtins.int) or value < 0:
            raise self.fail(key, "expected a whole number of at least 0")
        return value

    def bool(self, key: builtins.str, default: builtins.bool) -> builtins.bool:
        value = self.raw(key, default)
        if not isinstance(value, builtins.bool):
            raise self.fail(key, "expected true or false")
        return value

    def strs(self, key: builtins.str, required: builtins.bool = False) -> tuple[builtins.str, ...]:
        value = self.raw(key, [])
        if not isinstance(value, list) or not all(isinstance(v, builtins.str) for v in value):
            raise self.fail(key, "expected a list of texts")
        if required and not value:
            raise self.fail(key, "expected at least one item")
        return tuple(value)

    def one_of(self, key: builtins.str, choices: tuple[builtins.str, ...],
               default: builtins.str | None = None) -> builtins.str:
        value = self.raw(key, default)
        if value not in choices:
            raise self.fail(key, f"expected one of {', '.join(choices)}")
        return cast(str, value)

    def verdict(self, key: builtins.str, default: builtins.str | None = None) -> Verdict:
        return cast(Verdict, self.one_of(key, VERDICTS, default))

    def settings(self, key: builtins.str = "settings") -> frozenset[Setting]:
        value = self.strs(key) or SETTINGS
        for v in value:
            if v not in SETTINGS:
                raise self.fail(key, "expected home and/or clinic")
        return cast(frozenset[Setting], frozenset(value))

    def close(self) -> None:
        extra = sorted(set(map(str, self.data)) - self.used)
        if extra:
            raise self.fail(extra[0], "unknown key")


def _numbers(value: object, count: int) -> bool:
    """A list of `count` numbers (not booleans)."""
    return (isinstance(value, list) and len(value) == count
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value))


def _period(e: Entry, key: str, raw: object, required: bool = False) -> Period | None:
    """`{amount: N, unit: days | weeks | months}`; errors name `key` as given."""
    if raw is None and not required:
        return None
    if not isinstance(raw, Mapping):
        raise e.fail(key, "expected {amount: N, unit: days | weeks | months}")
    w = Entry(e.file, e.entry, raw)
    try:
        unit = w.one_of("unit", ("days", "weeks", "months"))
        period = Period(cast(int, w.int("amount")), cast(Any, unit))
        w.close()
    except KnowledgeError as exc:
        # A wash-out's own keys are named bare (`unit`), as they always were; a bound's with its path.
        raise e.fail(f"{key}.{exc.key}" if key != "washout" else exc.key, exc.problem) from None
    return period


def _names(value: object, word: str) -> bool:
    """Whether `word` appears as a key or a text anywhere in a parsed YAML value."""
    if isinstance(value, str):
        return value == word
    if isinstance(value, Mapping):
        return any(k == word or _names(v, word) for k, v in value.items())
    if isinstance(value, list):
        return any(_names(v, word) for v in value)
    return False


# The intake list that names each category's factors.
_LIST_OF: Mapping[str, str] = MappingProxyType({
    "condition": "conditions", "medication": "medications", "procedure": "procedures",
    "allergy": "allergies", "serum": "serums", "person": "person"})


def _check_ignores_name_the_factor(e: Entry, rule: Rule) -> None:
    """Each `ignores` example names the rule's factor, or it could never fail.

    `{}` passes for any rule; an example must show the factor present and the rule still
    silent (ended, elsewhere, in the other setting). A rule that speaks whenever its factor is
    named, in both settings (an allergy; a procedure without a wash-out, which counts however
    long ago), leaves nothing to vary: its example names another id of the same list instead.
    """
    flags = [flag for flag, condition in FLAG_CONDITIONS if condition == rule.factor]
    always = rule.settings == frozenset(SETTINGS) and (
        rule.category == "allergy" or (rule.category == "procedure" and rule.washout is None))
    for example in rule.ignores:
        if any(_names(example.intake, word) for word in (rule.factor, *flags)):
            continue
        if always and example.intake.get(_LIST_OF[rule.category]):
            continue
        raise e.fail("ignores", f"example {dict(example.intake)} does not name {rule.factor!r}, so it could "
                                "never trigger the rule: show it named and the rule silent")


def entries(files: Files, file: str, section: str | None = None) -> list[tuple[str, Any]]:
    """The items of a list-valued file (or of one section of a mapping file), with their names."""
    data = files.get(file)
    if data is None:
        raise KnowledgeError(file, "-", "-", "file is missing")
    if section is not None:
        data = data.get(section) if isinstance(data, Mapping) else None
    if not isinstance(data, list):
        raise KnowledgeError(file, section or "-", "-", "expected a list of entries")
    named = []
    for i, item in enumerate(data):
        name = item.get("id", item.get("code", f"#{i + 1}")) if isinstance(item, Mapping) else f"#{i + 1}"
        named.append((str(name), item))
    return named


def build(files: Files, version: str) -> Knowledge:
    """Build and cross-check the knowledge base from parsed files."""
    b = _Builder(files)
    kb = b.build(version)
    b.cross_check(kb)
    return with_derived(kb)


class _Builder:
    def __init__(self, files: Files) -> None:
        self.files = files
        self.cited: list[tuple[str, str, str, tuple[str, ...]]] = []  # file, entry, key, codes
        self.disagreement_refs: list[tuple[str, str, tuple[str, ...]]] = []
        self.zone_refs: list[tuple[str, str, str, tuple[str, ...]]] = []
        self.requires: list[tuple[str, str, frozenset[str]]] = []  # file, rule, ids it needs

    def cite(self, e: Entry, key: str = "sources", required: bool = True) -> tuple[str, ...]:
        codes = e.strs(key, required=required)
        self.cited.append((e.file, e.entry, key, codes))
        return codes

    def refs(self, e: Entry) -> tuple[str, ...]:
        ids = e.strs("disagreements")
        self.disagreement_refs.append((e.file, e.entry, ids))
        return ids

    def keyed(self, file: str, make: Callable[[Entry], T], section: str | None = None) -> dict[str, T]:
        out: dict[str, T] = {}
        for name, item in entries(self.files, file, section):
            if name in out:
                raise KnowledgeError(file, name, "id", "duplicate id")
            e = Entry(file, name, item)
            out[name] = make(e)
            e.close()
        return out

    def build(self, version: str) -> Knowledge:
        vocabulary: dict[str, VocabularyEntry] = {}
        defined_in: dict[str, str] = {}  # id → the file that defines it (person ids live apart)
        for file, category in (("conditions.yaml", "condition"), ("medications.yaml", "medication"),
                               ("procedures.yaml", "procedure"), ("person.yaml", "person")):
            for key, value in self.keyed(file, functools.partial(self.vocab, category=category)).items():
                # Conditions, medications and procedures share one lookup by id: a second
                # definition would silently replace the first and orphan its rules.
                if category != "person" and key in defined_in:
                    raise KnowledgeError(file, key, "id", f"already defined in {defined_in[key]}: an id is "
                                                          "a condition, a medication or a procedure, not two")
                defined_in.setdefault(key, file)
                vocabulary[f"{category}:{key}"] = value
        ingredients = self.keyed("ingredients.yaml", self.ingredient)
        index: dict[tuple[str, str], list[Rule]] = {}
        all_rules: list[tuple[str, Rule]]
        all_rules = [(f"{v.category}s.yaml" if v.category != "person" else "person.yaml", r)
                     for v in vocabulary.values() for r in v.rules]
        all_rules += [("ingredients.yaml", r) for i in ingredients.values() for r in i.rules]
        seen: set[str] = set()
        for file, rule in all_rules:
            if rule.id in seen:
                raise KnowledgeError(file, rule.id, "id", "duplicate rule id (rule ids are unique across all files)")
            seen.add(rule.id)
            index.setdefault((rule.category, rule.factor), []).append(rule)
        # Before the protocols, whose maintenance it bounds.
        self.schedule = self.read_schedule()
        return Knowledge(
            version=version,
            schedule=self.schedule,
            thresholds=self.read_thresholds(),
            sources=self.keyed("sources.yaml", self.source),
            seed_facts=self.keyed("seed_facts.yaml", self.seed_fact),
            settings=self.keyed("settings.yaml", self.setting),
            zones=self.keyed("zones.yaml", self.zone),
            devices=self.keyed("devices.yaml", self.device),
            vocabulary={v.id if v.category != "person" else f"person:{v.id}": v for v in vocabulary.values()},
            ingredients=ingredients,
            goals=self.keyed("goals.yaml", self.goal),
            checks=self.keyed("checks.yaml", self.check),
            intervals=tuple(self.interval(Entry("intervals.yaml", n, d))
                            for n, d in entries(self.files, "intervals.yaml")),
            side_effects=self.keyed("side_effects.yaml", self.side_effect),
            care=self.keyed("care.yaml", self.care),
            disagreements=self.keyed("disagreements.yaml", self.disagreement),
            explanations=self.keyed("explanations.yaml", self.explanation),
            rules_by_factor={k: tuple(v) for k, v in index.items()},
            # Optional so that a trimmed knowledge folder (in tests) still builds without courses.
            protocols=self.keyed("protocols.yaml", self.protocol) if "protocols.yaml" in self.files else {},
            policy_defaults=self.policy_defaults(),
        )

    # -- one builder per kind of entry ------------------------------------------------

    def source(self, e: Entry) -> Source:
        kind = e.one_of("kind", ("seed", "literature"))
        grade = e.raw("grade")
        if grade is not None and grade not in GRADES:
            raise e.fail("grade", "expected A, B, C or D")
        if kind == "literature" and grade is None:
            raise e.fail("grade", "a literature source needs its evidence grade")
        return Source(e.str("code"), cast(Any, kind), e.str("citation"), grade,
                      e.opt_str("file") or None)

    def seed_fact(self, e: Entry) -> SeedFact:
        return SeedFact(e.str("id"), e.str("seed"), e.str("kind"), e.str("statement"))

    def setting(self, e: Entry) -> SettingLimits:
        if e.entry not in SETTINGS:
            raise e.fail("id", "expected home or clinic")
        e.raw("id")
        return SettingLimits(e.entry, cast(float, e.num("max_mm")), self.cite(e), self.refs(e))

    def zone(self, e: Entry) -> Zone:
        needle: dict[Setting, NeedleRange] = {}
        raw_needle = e.raw("needle")
        if not isinstance(raw_needle, Mapping):
            raise e.fail("needle", "expected home: and clinic: needle ranges")
        settings = e.settings()
        for setting in settings:
            n = Entry(e.file, e.entry, raw_needle.get(setting))
            band = NeedleRange(cast(float, n.num("max_mm")), cast(float, n.num("suggested_mm")))
            n.close()
            if band.suggested_mm > band.max_mm or band.max_mm <= 0:
                raise e.fail(f"needle.{setting}", "suggested_mm must be above 0 and at most max_mm")
            needle[setting] = band
        extra = set(map(str, raw_needle)) - set(settings)
        if extra:
            raise e.fail(f"needle.{sorted(extra)[0]}", "unknown key")
        dermis = e.raw("dermis_mm")
        if dermis is not None and not _numbers(dermis, 2):
            raise e.fail("dermis_mm", "expected [women, men] in mm")
        return Zone(e.str("id"), e.str("name"), cast(Any, e.one_of("region", ("face", "neck", "scalp", "body"))),
                    settings, needle, self.cite(e),
                    (float(dermis[0]), float(dermis[1])) if dermis else None,
                    e.opt_str("note"), self.refs(e))

    def device(self, e: Entry) -> DeviceKind:
        return DeviceKind(
            id=e.str("id"), name=e.str("name"), settings=e.settings(),
            has_needles=e.bool("has_needles", True), adjustable=e.bool("adjustable", False),
            single_use=e.bool("single_use", False),
            cartridge_single_use=e.bool("cartridge_single_use", False),
            replace_after_days=e.int("replace_after_days", required=False),
            replace_after_uses=e.int("replace_after_uses", required=False),
            not_in_setting_effect=e.verdict("not_in_setting_effect", "stop"),
            not_in_setting_message=e.message("not_in_setting_message", "This device is not for this setting."),
            care=e.str("care"), sources=self.cite(e), disagreements=self.refs(e),
            needle_range_mm=self.needle_ranges(e), **self.device_interval(e),
        )

    def device_interval(self, e: Entry) -> dict[str, Any]:
        """`min_interval: {days, sources}`: the fewest days between sessions with this kind, with its sources."""
        raw = e.raw("min_interval")
        if raw is None:
            return {}
        m = Entry(e.file, f"{e.entry}/min_interval", raw)
        days = cast(int, m.int("days"))
        if days < 1:
            raise e.fail("min_interval", "expected at least 1 day")
        found = {"min_interval_days": days, "min_interval_sources": self.cite(m)}
        m.close()
        return found

    def needle_ranges(self, e: Entry) -> dict[Setting, tuple[float, float]]:
        """`needle_mm: {home: [low, high], clinic: [low, high]}` of a device kind."""
        raw = e.raw("needle_mm", {})
        if not isinstance(raw, Mapping):
            raise e.fail("needle_mm", "expected home: and clinic: ranges as [low, high] in mm")
        ranges: dict[Setting, tuple[float, float]] = {}
        for setting, pair in raw.items():
            if setting not in SETTINGS:
                raise e.fail(f"needle_mm.{setting}", "unknown key")
            if not (isinstance(pair, list) and len(pair) == 2
                    and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in pair)
                    and 0 < pair[0] <= pair[1]):
                raise e.fail(f"needle_mm.{setting}", "expected [low, high] in mm with 0 < low <= high")
            ranges[cast(Setting, setting)] = (float(pair[0]), float(pair[1]))
        return ranges

    def vocab(self, e: Entry, category: str) -> VocabularyEntry:
        cat = cast(Category, category)
        if cat == "person" and e.entry not in PERSON_FACTORS:
            # Screening reads only these fields of the person: a rule on another would never fire.
            raise e.fail("id", f"expected one of the person's fields {', '.join(PERSON_FACTORS)}")
        raw_rules = e.raw("rules", [])
        if not isinstance(raw_rules, list) or not raw_rules:
            raise e.fail("rules", "every id needs at least one rule saying its effect (use effect: go for none)")
        rules = tuple(self.rule(Entry(e.file, f"{e.entry}/{r.get('id', i) if isinstance(r, Mapping) else i}", r),
                                cat, e.entry) for i, r in enumerate(raw_rules))
        return VocabularyEntry(e.str("id"), cat, e.str("name"), e.str("explain"), self.cite(e), rules)

    def ingredient(self, e: Entry) -> Ingredient:
        rules = []
        for i, raw in enumerate(e.raw("rules", []) or []):
            r = Entry(e.file, f"{e.entry}/{raw.get('id', i) if isinstance(raw, Mapping) else i}", raw)
            category = cast(Category, r.one_of("category", ("serum", "allergy")))
            rules.append(self.rule(r, category, e.entry))
        return Ingredient(e.str("id"), e.str("name"), e.bool("serum", True), e.str("explain"),
                          self.cite(e), tuple(rules))

    def rule(self, e: Entry, category: Category, factor: str) -> Rule:
        e.raw("category")
        period = _period(e, "washout", e.raw("washout"))
        threshold = e.raw("threshold")
        if threshold is not None:
            if not (isinstance(threshold, Mapping) and len(threshold) == 1
                    and next(iter(threshold)) in ("below", "at_least")
                    and isinstance(next(iter(threshold.values())), int)):
                raise e.fail("threshold", "expected {below: N} or {at_least: N}")
            threshold = next(iter(threshold.items()))
        inr = self.inr(e, category)
        effect = e.verdict("effect")
        open_ended = e.verdict("open_ended") if e.raw("open_ended") is not None else None
        prescribed = e.verdict("prescribed_effect") if e.raw("prescribed_effect") is not None else None
        if prescribed is not None and e.raw("prescribed_message") is None:
            raise e.fail("prescribed_message", "a prescribed_effect needs its own message")
        if effect == "postpone" and period is None:
            raise e.fail("washout", "a postpone rule needs a washout to compute its date")
        if category == "procedure" and open_ended is not None and RANK[open_ended] <= RANK[effect]:
            # An undated procedure waits the full wash-out from the start (docs/screening.md);
            # `open_ended` may only ask for more than that, never less.
            raise e.fail("open_ended", f"an undated procedure already counts as {effect} from the start: "
                                       f"open_ended may only be stricter")
        policy_washout, policy_sources = self.policy_washout(e, period)
        rule = Rule(
            id=e.str("id"), category=category, factor=factor, effect=effect,
            message=e.message("message"), sources=self.cite(e), settings=e.settings(),
            washout=period, policy_washout=policy_washout, policy_washout_sources=policy_sources,
            open_ended=open_ended, prescribed_effect=prescribed,
            prescribed_message=e.message("prescribed_message") if prescribed is not None else "",
            zonal=e.bool("zonal", False),
            requires_any=frozenset(e.strs("requires_any")), threshold=threshold, inr=inr,
            disagreements=self.refs(e),
            triggers=self.examples(e, "triggers"), ignores=self.examples(e, "ignores"),
            leave_out_in=e.settings("leave_out_in") if e.raw("leave_out_in") is not None else frozenset(),
            alternative=e.opt_str("alternative") or None,
            without_alternative_message=e.message("without_alternative_message")
            if e.raw("without_alternative_message") is not None else "",
            grade=cast(Any, e.one_of("grade", GRADES)) if e.raw("grade") is not None else None,
        )
        e.close()
        if (rule.leave_out_in or rule.alternative) and category != "serum":
            raise e.fail("leave_out_in" if rule.leave_out_in else "alternative", "only a serum rule leaves a serum out")
        if bool(rule.alternative) != bool(rule.without_alternative_message):
            raise e.fail("without_alternative_message",
                         "an alternative needs the message shown when it cannot be used, and only then")
        if rule.requires_any:
            self.requires.append((e.file, e.entry, rule.requires_any))
        if not rule.triggers or not rule.ignores:
            raise e.fail("triggers" if not rule.triggers else "ignores",
                         "every rule needs an example intake that triggers it and one that does not")
        _check_ignores_name_the_factor(e, rule)
        return rule

    def inr(self, e: Entry, category: Category) -> tuple[str, float] | None:
        """`inr: {above: N}` or `{at_most: N}`: a medication rule on the entry's recorded INR result."""
        raw = e.raw("inr")
        if raw is None:
            return None
        if category != "medication":
            raise e.fail("inr", "only a medication rule reads an INR result")
        if not (isinstance(raw, Mapping) and len(raw) == 1 and next(iter(raw)) in ("above", "at_most")
                and _numbers([next(iter(raw.values()))], 1) and next(iter(raw.values())) > 0):
            raise e.fail("inr", "expected {above: N} or {at_most: N}, N a number above 0")
        test, limit = next(iter(raw.items()))
        return str(test), float(limit)

    def policy_washout(self, e: Entry, default: Period | None) -> tuple[tuple[Period, Period] | None, tuple[str, ...]]:
        """`policy_washout: {min: {amount, unit}, max: {amount, unit}, sources: [...]}`, with min <= washout <= max."""
        raw = e.raw("policy_washout")
        if raw is None:
            return None, ()
        if default is None:
            raise e.fail("policy_washout", "only a rule with a washout can let a clinic change it")
        b = Entry(e.file, e.entry, raw)
        low = cast(Period, _period(b, "policy_washout.min", b.raw("min"), required=True))
        high = cast(Period, _period(b, "policy_washout.max", b.raw("max"), required=True))
        try:
            sources = self.cite(b)
        except KnowledgeError as exc:
            raise e.fail(f"policy_washout.{exc.key}", exc.problem) from None
        self.cited[-1] = (e.file, e.entry, "policy_washout.sources", sources)
        b.close()
        if not (at_most(low, default) and at_most(default, high)):
            raise e.fail("policy_washout", f"expected min <= the washout ({default}) <= max, "
                                           f"whatever the date; got {low} to {high}")
        return (low, high), sources

    def policy_defaults(self) -> PolicyDefaults:
        """policy.yaml: `washout: {max_factor, ceiling: {amount, unit}, sources}`,
        `interval: {ceiling_days, sources}`."""
        data = self.files.get("policy.yaml")
        if data is None:
            raise KnowledgeError("policy.yaml", "-", "-", "file is missing")
        top = Entry("policy.yaml", "-", data)
        w = Entry("policy.yaml", "washout", top.raw("washout"))
        factor = cast(int, w.int("max_factor"))
        if factor < 1:
            raise w.fail("max_factor", "expected a whole number of at least 1 (a clinic may only lengthen)")
        ceiling = cast(Period, _period(w, "ceiling", w.raw("ceiling"), required=True))
        sources = self.cite(w)
        w.close()
        i = Entry("policy.yaml", "interval", top.raw("interval"))
        days = cast(int, i.int("ceiling_days"))
        if days < 1:
            raise i.fail("ceiling_days", "expected a whole number of days of at least 1")
        defaults = PolicyDefaults(factor, ceiling, sources, days, self.cite(i))
        i.close()
        top.close()
        return defaults

    def examples(self, e: Entry, key: str) -> tuple[Example, ...]:
        raw = e.raw(key, [])
        if not isinstance(raw, list):
            raise e.fail(key, "expected a list of example intakes")
        out = []
        for item in raw:
            if not isinstance(item, Mapping):
                raise e.fail(key, "expected example intakes as mappings")
            item = dict(item)
            effect = item.pop("expect", None)
            if effect is not None and effect not in VERDICTS:
                raise e.fail(key, f"expect must be one of {', '.join(VERDICTS)}")
            out.append(Example(item, effect))
        return tuple(out)

    def goal(self, e: Entry) -> Goal:
        zones = e.strs("zones")
        self.zone_refs.append((e.file, e.entry, "zones", zones))
        return Goal(e.str("id"), e.str("name"), zones, e.num("clinic_needle_mm", required=False),
                    e.str("expect"), self.cite(e))

    def check(self, e: Entry) -> Check:
        return Check(e.str("id"), e.verdict("effect"), e.message("message"), self.cite(e), self.refs(e))

    def interval(self, e: Entry) -> Interval:
        interval = Interval(cast(float, e.num("up_to_mm")), cast(int, e.int("min_days")), self.cite(e))
        e.close()
        return interval

    def side_effect(self, e: Entry) -> SideEffect:
        onset = e.raw("onset_days")
        if onset is not None and not _numbers(onset, 2):
            raise e.fail("onset_days", "expected [from, to] days after the session")
        kind = e.one_of("kind", ("expected", "red_flag"))
        level = e.one_of("level", FLAG_LEVELS) if e.raw("level") is not None else None
        if kind == "red_flag" and level is None:
            raise e.fail("level", f"a red flag needs its level: {', '.join(FLAG_LEVELS)}")
        if kind == "expected" and level is not None:
            raise e.fail("level", "only a red flag has a level")
        return SideEffect(e.str("id"), e.str("name"), cast(Any, kind), e.int("expected_days", required=False),
                          (int(onset[0]), int(onset[1])) if onset else None, e.str("advice"), self.cite(e),
                          cast(Any, level), e.bool("seen_lifts_block", False))

    def care(self, e: Entry) -> CareItem:
        phase = cast(Any, e.one_of("phase", ("prep", "step", "after")))
        resume_days, resume_sources = 0, cast(tuple[str, ...], ())
        if e.raw("resume_after") is not None:
            r = Entry(e.file, e.entry, e.raw("resume_after"))
            try:
                resume_days, resume_sources = cast(int, r.int("days")), self.cite(r)
                r.close()
            except KnowledgeError as exc:
                raise e.fail(f"resume_after.{exc.key}", exc.problem) from None
            self.cited[-1] = (e.file, e.entry, "resume_after.sources", resume_sources)
        item = CareItem(e.str("id"), phase, e.str("title"), e.str("details"), e.settings(), self.cite(e),
                        e.int("offset_days", required=False) or 0,
                        e.int("duration_days", required=False), self.refs(e), e.strs("pauses"),
                        e.strs("when_reasons"), e.strs("when_zones"), e.strs("uses"),
                        once=e.bool("once", False), optional=e.bool("optional", False),
                        resume_after_days=resume_days, resume_after_sources=resume_sources)
        if (item.once or item.optional) and phase != "prep":
            raise e.fail("once" if item.once else "optional", "only a preparation step is done once or optional")
        if item.optional and not (item.once and item.offset_days > 0):
            raise e.fail("optional", "only a step done once, days before the course, can be too late and dropped")
        if resume_sources and not item.pauses:
            raise e.fail("resume_after", "only a step that pauses products says when they come back")
        return item

    def read_schedule(self) -> Schedule:
        """schedule.yaml: check-ins, the review, maintenance, pauses and the next session, each with sources."""
        top = self.mapping("schedule.yaml")
        check_ins = []
        for name, item in entries(self.files, "schedule.yaml", "check_ins"):
            c = Entry("schedule.yaml", f"check_ins/{name}", item)
            check_ins.append(CheckIn(cast(int, c.int("days")), c.message("title"), self.cite(c)))
            c.close()
        top.raw("check_ins")
        days = [c.days for c in check_ins]
        if not days or days != sorted(set(days)) or days[0] < 1:
            raise top.fail("check_ins", "expected check-ins in rising order of days, from day 1 on")
        review, maintenance, recovery = (self.section(top, key) for key in ("review", "maintenance", "recovery"))
        pause, nxt = self.section(top, "pause"), self.section(top, "next_session")
        schedule = Schedule(
            check_ins=tuple(check_ins),
            review_months=cast(int, review.int("after_months")), review_details=review.message("details"),
            review_sources=self.cite(review),
            recovery_details=recovery.message("details"), recovery_sources=self.cite(recovery),
            min_maintenance_months=cast(int, maintenance.int("min_months")),
            maintenance_sources=self.cite(maintenance),
            min_use_days=cast(int, pause.int("min_use_days")), pause_sources=self.cite(pause),
            default_needle_mm=cast(float, nxt.num("default_needle_mm")),
            announce_days=cast(int, nxt.int("announce_days")), next_session_sources=self.cite(nxt),
        )
        self.refs(maintenance)
        for e in (review, maintenance, pause, nxt, recovery, top):
            e.close()
        return schedule

    def read_thresholds(self) -> Thresholds:
        """thresholds.yaml: the partial-zone effect and the rating of a severe reaction, with sources."""
        top = self.mapping("thresholds.yaml")
        zone, severe = self.section(top, "partial_zone"), self.section(top, "severe_reaction")
        thresholds = Thresholds(zone.verdict("effect"), self.cite(zone),
                                cast(int, severe.int("rating")), self.cite(severe))
        if not 1 <= thresholds.severe_rating <= 5:
            raise severe.fail("rating", "expected a rating on the diary's scale, 1 to 5")
        for e in (zone, severe, top):
            e.close()
        return thresholds

    def mapping(self, file: str) -> Entry:
        data = self.files.get(file)
        if data is None:
            raise KnowledgeError(file, "-", "-", "file is missing")
        return Entry(file, "-", data)

    def section(self, top: Entry, key: str) -> Entry:
        if top.raw(key) is None:
            raise top.fail(key, "missing section")
        return Entry(top.file, key, top.raw(key))

    def disagreement(self, e: Entry) -> Disagreement:
        sides = []
        raw = e.raw("sides")
        if not isinstance(raw, list) or len(raw) < 2:
            raise e.fail("sides", "expected at least two sides")
        for item in raw:
            s = Entry(e.file, e.entry, item)
            sides.append(Side(self.cite(s), s.str("says")))
            s.close()
        return Disagreement(e.str("id"), cast(Any, e.one_of("kind", ("seeds", "evidence"))), e.str("topic"),
                            tuple(sides), e.str("decision"), e.str("why"))

    def explanation(self, e: Entry) -> Explanation:
        return Explanation(e.str("id"), e.str("title"), e.str("text"), self.cite(e))

    def protocol(self, e: Entry) -> Protocol:
        c = Entry(e.file, f"{e.entry}/course", e.raw("course"))
        sessions, interval = cast(int, c.int("sessions")), cast(int, c.int("interval_days"))
        size, rest = None, 0
        if c.raw("block") is not None:
            b = Entry(e.file, f"{e.entry}/course.block", c.raw("block"))
            size, rest = b.int("size"), cast(int, b.int("rest_days"))
            b.close()
        c.close()
        if sessions < 1 or interval < 1 or size == 0:
            raise e.fail("course", "expected at least 1 session, 1 day apart, and blocks of at least 1")
        maintenance = None
        if e.raw("maintenance") is not None:
            m = Entry(e.file, f"{e.entry}/maintenance", e.raw("maintenance"))
            maintenance = Maintenance(cast(int, m.int("after_months")), cast(int, m.int("every_months")),
                                      cast(int, m.int("count")))
            m.close()
            least = self.schedule.min_maintenance_months
            if min(maintenance.after_months, maintenance.every_months) < least:
                raise e.fail("maintenance", f"D7: maintenance no sooner than {least} months apart "
                                            "(schedule.yaml maintenance.min_months)")
        n = Entry(e.file, f"{e.entry}/needle_mm", e.raw("needle_mm"))
        max_mm = cast(float, n.num("max"))
        n.close()
        zones = e.strs("zones")
        self.zone_refs.append((e.file, e.entry, "zones", zones))
        spacing = self.spacing(e, max_mm)
        return Protocol(
            id=e.str("id"), title=e.str("title"), setting=cast(Setting, e.one_of("setting", SETTINGS)),
            summary=e.str("summary"), sessions=sessions, interval_days=interval, max_needle_mm=max_mm,
            default_device=e.str("default_device"), steps=e.strs("steps", required=True), sources=self.cite(e),
            block_size=size, block_rest_days=rest, maintenance=maintenance, zones=frozenset(zones),
            devices=frozenset(e.strs("devices")), default=e.bool("default", True),
            prefer_when=frozenset(e.strs("prefer_when")), adapted=e.opt_str("adapted"),
            disagreements=self.refs(e), spacing=spacing, spacing_examples=self.spacing_examples(e, spacing),
        )

    def spacing(self, e: Entry, max_mm: float) -> tuple[Interval, ...]:
        """`spacing`: bands `{up_to_mm, min_days, sources}` in rising order, the last reaching `needle_mm.max`."""
        raw = e.raw("spacing")
        if raw is None:
            return ()
        if not isinstance(raw, list) or not raw:
            raise e.fail("spacing", "expected a list of {up_to_mm, min_days, sources}")
        bands = tuple(self.interval(Entry(e.file, f"{e.entry}/spacing", item)) for item in raw)
        if [b.up_to_mm for b in bands] != sorted({b.up_to_mm for b in bands}) or bands[-1].up_to_mm < max_mm:
            raise e.fail("spacing", "expected bands in rising order, the last one up to the protocol's needle_mm.max")
        if [b.min_days for b in bands] != sorted(b.min_days for b in bands):
            raise e.fail("spacing", "a deeper band never asks for fewer days than a shallower one")
        return bands

    def spacing_examples(self, e: Entry, spacing: tuple[Interval, ...]) -> tuple[tuple[float, int], ...]:
        """`spacing_examples: [{needle_mm, interval_days}]`: required with `spacing`, one per band at least."""
        raw = e.raw("spacing_examples")
        if raw is None and not spacing:
            return ()
        if not isinstance(raw, list) or len(raw) < len(spacing):
            raise e.fail("spacing_examples", "every spacing band needs a worked example {needle_mm, interval_days}")
        examples = []
        for item in raw:
            x = Entry(e.file, f"{e.entry}/spacing_examples", item)
            examples.append((cast(float, x.num("needle_mm")), cast(int, x.int("interval_days"))))
            x.close()
        return tuple(examples)

    # -- references between files ------------------------------------------------------

    def cross_check(self, kb: Knowledge) -> None:
        known = set(kb.sources) | set(kb.seed_facts)
        for file, entry, key, codes in self.cited:
            for code in codes:
                if code not in known:
                    raise KnowledgeError(file, entry, key, f"unknown source {code!r}")
        for file, entry, ids in self.disagreement_refs:
            for ref in ids:
                if ref not in kb.disagreements:
                    raise KnowledgeError(file, entry, "disagreements", f"unknown disagreement {ref!r}")
        intake_ids = {e.id for e in kb.vocabulary.values()} | set(kb.ingredients) | set(kb.devices)
        for file, rule_id, needed in self.requires:
            for unknown in sorted(needed - intake_ids):
                raise KnowledgeError(file, rule_id, "requires_any", f"unknown id {unknown!r}")
        for file, entry, key, zones in self.zone_refs:
            for zone in zones:
                if zone not in kb.zones:
                    raise KnowledgeError(file, entry, key, f"unknown zone {zone!r}")
        for fact in kb.seed_facts.values():
            if fact.seed not in kb.sources:
                raise KnowledgeError("seed_facts.yaml", fact.id, "seed", f"unknown seed {fact.seed!r}")
        for setting in SETTINGS:
            if setting not in kb.settings:
                raise KnowledgeError("settings.yaml", setting, "-", "missing setting")
        for care_id in BUILT_IN_CARE:
            if care_id not in kb.care:
                raise KnowledgeError("care.yaml", care_id, "-", "missing built-in care item (the planner names it)")
        for check_id in ("needle_too_long_for_setting", "needle_too_long_for_zone", "needle_set_per_zone",
                         "single_use_reused", "device_worn_uses", "device_worn_age", "serum_allergy"):
            if check_id not in kb.checks:
                raise KnowledgeError("checks.yaml", check_id, "-", "missing built-in check")
        if not kb.intervals or [i.up_to_mm for i in kb.intervals] != sorted(i.up_to_mm for i in kb.intervals):
            raise KnowledgeError("intervals.yaml", "-", "up_to_mm", "expected bands in rising order")
        present = {
            "zone": set(kb.zones), "goal": set(kb.goals), "device": set(kb.devices),
            "ingredient": set(kb.ingredients),
            **{c: set(kb.ids(c)) for c in ("condition", "medication", "procedure")},
        }
        for kind, ids in MIN_VOCABULARY.items():
            for missing in sorted(set(ids) - present[kind]):
                raise KnowledgeError(f"{kind}s.yaml", missing, "id",
                                     "an id of the contract's minimum vocabulary is missing")
        if kb.protocols:
            _check_protocols(kb)
        _check_pauses(kb)
        _check_policy_ceiling(kb)
        _check_care_conditions(kb)
        _check_serum_alternatives(kb)
        _check_rule_grades(kb)


_RULE_FILES = MappingProxyType({"condition": "conditions.yaml", "medication": "medications.yaml",
                                "procedure": "procedures.yaml", "person": "person.yaml", "serum": "ingredients.yaml",
                                "allergy": "ingredients.yaml"})


def _check_rule_grades(kb: Knowledge) -> None:
    """A rule citing literature graded A to C says its own grade, and never a stronger one than it cites.

    A rule resting only on seed articles and D-level pages may leave `grade` out: it is D. A better
    source does not grade a rule by itself being cited (it may support only part of it), so a reader
    must give the grade; the best source cited bounds it.
    """
    for rule in kb.all_rules():
        cited = sorted(g for g in (kb.sources[c].grade for c in rule.sources if c in kb.sources) if g is not None)
        best = cited[0] if cited else "D"
        where = (_RULE_FILES.get(rule.category, "rules"), f"{rule.factor}/{rule.id}", "grade")
        if rule.grade is None and best != "D":
            raise KnowledgeError(*where, f"it cites literature of grade {best}: give the rule its own evidence "
                                         "grade, A to D (docs/knowledge-base.md)")
        if rule.grade is not None and rule.grade < best:
            raise KnowledgeError(*where, f"grade {rule.grade} is stronger than any source it cites (best: {best})")


def _check_policy_ceiling(kb: Knowledge) -> None:
    """A wash-out longer than policy.yaml's ceiling needs its own range, or no clinic value would fit."""
    defaults = kb.policy_defaults
    if defaults is None:
        return
    for rule in kb.all_rules():
        if rule.washout is not None and rule.policy_washout is None and not at_most(rule.washout, defaults.ceiling):
            raise KnowledgeError("policy.yaml", "washout", "ceiling",
                                 f"the wash-out of {rule.id!r} ({rule.washout}) is longer: give that rule "
                                 "its own policy_washout")


def _check_care_conditions(kb: Knowledge) -> None:
    """A care step names rules, zones and ingredients that exist."""
    rules = {r.id for r in kb.all_rules()}
    for item in kb.care.values():
        if (item.when_reasons or item.when_zones) and item.phase != "prep":
            raise KnowledgeError("care.yaml", item.id, "when_reasons", "only a prep step is planned for some reasons")
        for rule_id in item.when_reasons:
            if rule_id not in rules:
                raise KnowledgeError("care.yaml", item.id, "when_reasons", f"{rule_id!r} is not a rule")
        for zone_id in item.when_zones:
            if zone_id not in kb.zones:
                raise KnowledgeError("care.yaml", item.id, "when_zones", f"{zone_id!r} is not a zone")
        for ingredient in item.uses:
            if ingredient not in kb.ingredients:
                raise KnowledgeError("care.yaml", item.id, "uses", f"{ingredient!r} is not an ingredient")


def _check_serum_alternatives(kb: Knowledge) -> None:
    """The serum a rule offers instead is one a person may use."""
    for ingredient in kb.ingredients.values():
        for rule in ingredient.rules:
            other = kb.ingredients.get(rule.alternative) if rule.alternative else None
            if rule.alternative and (other is None or not other.serum or other.id == ingredient.id):
                raise KnowledgeError("ingredients.yaml", f"{ingredient.id}/{rule.id}", "alternative",
                                     f"{rule.alternative!r} is not another serum")


def _check_pauses(kb: Knowledge) -> None:
    """Every medicine a person pauses before a session belongs to one preparation step that says how long.

    A medication rule that asks to pause a product still taken (`open_ended: caution` with a
    wash-out) is listed under `pauses` of exactly one prep step, whose `offset_days` is that
    wash-out in days: the plan then names the product under that step, for as long as the
    rule (or a clinic's policy) says.
    """
    file = "care.yaml"
    rules = {r.id: r for r in kb.all_rules() if r.category == "medication"}
    listed: dict[str, str] = {}
    for item in kb.care.values():
        if item.pauses and item.phase != "prep":
            raise KnowledgeError(file, item.id, "pauses", "only a prep step pauses medicines")
        for rule_id in item.pauses:
            rule = rules.get(rule_id)
            if rule is None or rule.washout is None or rule.open_ended != "caution":
                raise KnowledgeError(file, item.id, "pauses",
                                     f"{rule_id!r} is not a medication rule that pauses a product (a wash-out and "
                                     "open_ended: caution)")
            if rule.washout.fixed is None or rule.washout.fixed.days != item.offset_days:
                raise KnowledgeError(file, item.id, "pauses",
                                     f"the wash-out of {rule_id!r} ({rule.washout}) is not this step's offset_days")
            if rule_id in listed:
                raise KnowledgeError(file, item.id, "pauses", f"{rule_id!r} is already paused by {listed[rule_id]!r}")
            if rule.prescribed_effect is None:
                # E3: a product someone prescribed is never paused by mesoplan; its rule says who decides.
                raise KnowledgeError(file, item.id, "pauses", f"{rule_id!r} pauses a product but has no "
                                     "prescribed_effect and prescribed_message for when it is prescribed")
            listed[rule_id] = item.id
    for rule in rules.values():
        if rule.washout is not None and rule.open_ended == "caution" and rule.id not in listed:
            raise KnowledgeError(file, "-", "pauses", f"no prep step pauses the products of rule {rule.id!r}")


def _check_protocols(kb: Knowledge) -> None:
    """Every protocol names devices, care steps and zones that exist and suit its setting."""
    file = "protocols.yaml"
    preferable = set(kb.devices) | set(kb.goals) | set(kb.ids("procedure"))
    for p in kb.protocols.values():
        if p.max_needle_mm <= 0 or p.max_needle_mm > kb.settings[p.setting].max_mm:
            raise KnowledgeError(file, p.id, "needle_mm.max", f"expected above 0 and at most the {p.setting} limit")
        for zone in sorted(p.zones):
            if p.setting not in kb.zones[zone].settings:
                raise KnowledgeError(file, p.id, "zones", f"zone {zone!r} is not treated in the {p.setting} setting")
        for key, devices in (("devices", sorted(p.devices)), ("default_device", [p.default_device])):
            for device in devices:
                if device not in kb.devices or p.setting not in kb.devices[device].settings:
                    raise KnowledgeError(file, p.id, key, f"unknown device kind {device!r} for {p.setting} use")
        if p.devices and p.default_device not in p.devices:
            raise KnowledgeError(file, p.id, "default_device", "expected one of the protocol's devices")
        for step in p.steps:
            item = kb.care.get(step)
            if item is None or item.phase != "step" or p.setting not in item.settings:
                raise KnowledgeError(file, p.id, "steps", f"{step!r} is not a {p.setting} session step of care.yaml")
        for ref in sorted(p.prefer_when - preferable):
            raise KnowledgeError(file, p.id, "prefer_when", f"unknown device, goal or procedure {ref!r}")
    for setting in SETTINGS:
        if not any(p.default and p.setting == setting and not p.zones for p in kb.protocols.values()):
            raise KnowledgeError(file, "-", "default", f"no default protocol for every zone in the {setting} setting")
