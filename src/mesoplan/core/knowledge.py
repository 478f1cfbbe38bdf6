"""The knowledge base as frozen values.

The loader (`mesoplan.knowledge_loader`) reads the YAML files shipped in
`mesoplan/knowledge/` and builds these; the core only ever sees these values.
Every user-facing text here is an English message id, translated by adapters.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from mesoplan.core.dates import Period
from mesoplan.core.verdicts import Setting, Verdict

if TYPE_CHECKING:
    from mesoplan.core.derived import Derived

Grade = Literal["A", "B", "C", "D"]
SourceKind = Literal["seed", "literature"]
FlagLevel = Literal["emergency", "doctor_today", "doctor_soon"]
FLAG_LEVELS: tuple[FlagLevel, ...] = ("emergency", "doctor_today", "doctor_soon")  # most urgent first
Category = Literal["condition", "medication", "procedure", "allergy", "serum", "person", "device"]
# Care items the planner and the diary name by id; care.yaml must define them (the loader checks),
# so a rename fails the load instead of silently dropping the patch test or the lidocaine warning.
PATCH_TEST = "patch_test"
NUMBING = "numbing"
CLEAN_DEVICE_AFTER = "clean_device_after"  # its sources back the diary's cleaning alert
BUILT_IN_CARE = (PATCH_TEST, NUMBING, CLEAN_DEVICE_AFTER)
# The person's fields that person.yaml's rules may watch (screening reads exactly these).
PERSON_FACTORS = ("age", "fitzpatrick")
CATEGORIES: tuple[Category, ...] = (
    "condition", "medication", "procedure", "allergy", "serum", "person", "device",
)


@dataclass(frozen=True, slots=True)
class Source:
    """A source document: one of the five seed articles or a literature reference."""

    code: str
    kind: SourceKind
    citation: str
    grade: Grade | None = None
    file: str | None = None  # seed articles: the file name in shared/seeds


@dataclass(frozen=True, slots=True)
class SeedFact:
    """One statement of a seed article, restated; cited by id such as `000-13`."""

    id: str
    seed: str
    kind: str
    statement: str


@dataclass(frozen=True, slots=True)
class NeedleRange:
    """Needle length in mm for one zone in one setting."""

    max_mm: float
    suggested_mm: float


@dataclass(frozen=True, slots=True)
class Zone:
    """A treatable area of the body."""

    id: str
    name: str
    region: Literal["face", "neck", "scalp", "body"]
    settings: frozenset[Setting]
    needle: Mapping[Setting, NeedleRange]
    sources: tuple[str, ...]
    dermis_mm: tuple[float, float] | None = None  # (women, men), ultrasound, where known
    note: str = ""
    disagreements: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SettingLimits:
    """The hard needle ceilings of a setting (home or clinic)."""

    setting: Setting
    max_mm: float  # beyond this the device is not for this setting at all
    sources: tuple[str, ...]
    disagreements: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DeviceKind:
    """A kind of device: roller, stamp, pen, meso gun, needle-free injector..."""

    id: str
    name: str
    settings: frozenset[Setting]
    has_needles: bool
    adjustable: bool  # pens set their depth; rollers and stamps have one fixed length
    single_use: bool  # the whole device is single-use (needles cannot be made safe again)
    cartridge_single_use: bool
    replace_after_days: int | None
    replace_after_uses: int | None
    not_in_setting_effect: Verdict
    not_in_setting_message: str
    care: str
    sources: tuple[str, ...]
    disagreements: tuple[str, ...] = ()
    # Needle lengths this kind comes in, per setting, in mm (low, high); empty if needle-free.
    needle_range_mm: Mapping[Setting, tuple[float, float]] = field(default_factory=dict)
    # The fewest days between two sessions with this kind whatever the depth (RF heats the skin), and why.
    min_interval_days: int | None = None
    min_interval_sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Example:
    """An intake fragment that must (or must not) trigger a rule, and the effect expected."""

    intake: Mapping[str, Any]
    effect: Verdict | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    """One screening rule: which factor it watches and what it does to the verdict."""

    id: str
    category: Category
    factor: str
    effect: Verdict
    message: str
    sources: tuple[str, ...]
    settings: frozenset[Setting]
    washout: Period | None = None
    # (shortest, longest) wash-out a clinic policy may set instead, and the sources of that
    # range; None: the default bounds of policy.yaml (`PolicyDefaults`, lengthen only).
    policy_washout: tuple[Period, Period] | None = None
    policy_washout_sources: tuple[str, ...] = ()
    open_ended: Verdict | None = None  # effect when ongoing with no end date (postpone rules)
    prescribed_effect: Verdict | None = None  # medications taken on prescription
    prescribed_message: str = ""
    zonal: bool = False  # applies only to the zones the entry names
    requires_any: frozenset[str] = frozenset()  # fires only if the intake also has one of these
    threshold: tuple[str, int] | None = None  # person rules: ("age_below", 18)
    # medication rules: ("above", 3.5) or ("at_most", 3.5) on the entry's recorded INR; silent without one
    inr: tuple[str, float] | None = None
    disagreements: tuple[str, ...] = ()
    triggers: tuple[Example, ...] = ()
    # serum rules: the settings in which the plan leaves the serum out of every session
    leave_out_in: frozenset[Setting] = frozenset()
    # serum rules: the ingredient the message offers instead, and the message to show when the
    # person cannot use that one either (allergic to it, or it is left out too)
    alternative: str | None = None
    without_alternative_message: str = ""
    ignores: tuple[Example, ...] = ()
    # How strong the evidence behind this rule is (A regulator/guideline/systematic review …
    # D manufacturer, clinic or consumer pages only), as the evidence files grade it; shown with
    # the reason. None: not graded yet (the rule's sources carry their own grades).
    grade: Grade | None = None


@dataclass(frozen=True, slots=True)
class PolicyDefaults:
    """policy.yaml: how far a clinic may lengthen a wash-out whose rule gives no range of its own.

    From the rule's wash-out up to `max_factor` times it, and never beyond `ceiling`.
    """

    max_factor: int
    ceiling: Period
    sources: tuple[str, ...]
    # `interval`: a clinic may lengthen the days between sessions of a needle band up to this.
    interval_ceiling_days: int = 0
    interval_sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class VocabularyEntry:
    """A condition, medication or procedure the intake may name, explained in plain words."""

    id: str
    category: Category
    name: str
    explain: str
    sources: tuple[str, ...]
    rules: tuple[Rule, ...]


@dataclass(frozen=True, slots=True)
class Ingredient:
    """A serum, cocktail ingredient or allergen."""

    id: str
    name: str
    serum: bool  # may be listed under `serums`
    explain: str
    sources: tuple[str, ...]
    rules: tuple[Rule, ...] = ()


@dataclass(frozen=True, slots=True)
class Goal:
    """What a person wants to treat."""

    id: str
    name: str
    zones: tuple[str, ...]
    clinic_needle_mm: float | None
    expect: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Check:
    """A built-in check (needle length, wear, hygiene, serum allergy): its effect, text and sources."""

    id: str
    effect: Verdict
    message: str
    sources: tuple[str, ...]
    disagreements: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Interval:
    """The minimum days between sessions up to a needle length."""

    up_to_mm: float
    min_days: int
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SideEffect:
    """A reaction after a session: expected or a red flag, with its usual course."""

    id: str
    name: str
    kind: Literal["expected", "red_flag"]
    expected_days: int | None
    onset_days: tuple[int, int] | None
    advice: str
    sources: tuple[str, ...]
    # red flags: how urgent (decisions item 1): call emergency services now, see a doctor today,
    # or see a doctor within days; None for an expected reaction (rated severe: `SEVERE_LEVEL`).
    level: FlagLevel | None = None
    # whether a doctor's look (the flag's `seen` step) lifts the gate's block on new sessions, or
    # only a practitioner closing the flag does
    seen_lifts_block: bool = False


@dataclass(frozen=True, slots=True)
class CareItem:
    """A preparation, session step or aftercare instruction."""

    id: str
    phase: Literal["prep", "step", "after"]
    title: str
    details: str
    settings: frozenset[Setting]
    sources: tuple[str, ...]
    offset_days: int = 0  # prep: days before a session; after: days after it begins
    duration_days: int | None = None
    disagreements: tuple[str, ...] = ()
    # prep: the medication rules whose products this step pauses; a clinic policy that
    # lengthens one of their wash-outs lengthens the pause for a person who takes it.
    pauses: tuple[str, ...] = ()
    # prep: planned only when the screening gives a reason from one of these rules (none: always)
    # and, if zones are listed, the intake treats one of them (a cold-sore history and the mouth).
    when_reasons: tuple[str, ...] = ()
    when_zones: tuple[str, ...] = ()
    # ingredients the step puts on the skin: left out for a person allergic to one of them
    uses: tuple[str, ...] = ()
    once: bool = False  # prep: done once, before the course (or on the first session day only)
    optional: bool = False  # prep: dropped with a note when its day has already passed
    # prep with `pauses`: days after a session before the paused products may come back, and why
    resume_after_days: int = 0
    resume_after_sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a disagreement: what some sources say."""

    sources: tuple[str, ...]
    says: str


@dataclass(frozen=True, slots=True)
class Disagreement:
    """Where sources disagree (D1–D8) or evidence contradicts a seed (E1–E5)."""

    id: str
    kind: Literal["seeds", "evidence"]
    topic: str
    sides: tuple[Side, ...]
    decision: str
    why: str


@dataclass(frozen=True, slots=True)
class Explanation:
    """Background for the UI and docs, citing the seed facts that say it."""

    id: str
    title: str
    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Maintenance:
    """Maintenance sessions after a course: the first `after_months` after its last session."""

    after_months: int
    every_months: int
    count: int


@dataclass(frozen=True, slots=True)
class Protocol:
    """A course schedule from the sources, as mesoplan plans it (protocols.yaml)."""

    id: str
    title: str
    setting: Setting
    summary: str
    sessions: int
    interval_days: int  # the protocol's own spacing; the needle's minimum interval wins if longer
    max_needle_mm: float
    default_device: str
    steps: tuple[str, ...]  # care items of phase `step`, in order
    sources: tuple[str, ...]
    block_size: int | None = None  # sessions per block, each block followed by `block_rest_days`
    block_rest_days: int = 0
    maintenance: Maintenance | None = None
    zones: frozenset[str] = frozenset()  # empty: any zone of the setting
    devices: frozenset[str] = frozenset()  # empty: any device kind of the setting
    default: bool = True  # may be chosen when the person names no protocol
    prefer_when: frozenset[str] = frozenset()  # device, goal or procedure ids that make it the default
    adapted: str = ""  # how and why mesoplan departs from the seed's schedule; a plan warning
    disagreements: tuple[str, ...] = ()
    # The protocol's own minimum days by the depth planned (protocols.yaml `spacing`), on top of
    # intervals.yaml's; and its worked examples: (needle mm, the days apart it must give).
    spacing: tuple[Interval, ...] = ()
    spacing_examples: tuple[tuple[float, int], ...] = ()


@dataclass(frozen=True, slots=True)
class CheckIn:
    """A diary check-in `days` after a needling day (schedule.yaml `check_ins`)."""

    days: int
    title: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Schedule:
    """schedule.yaml: the timing of plans and of the diary that belongs to no single entry."""

    check_ins: tuple[CheckIn, ...]  # in rising order of days; the first always, the others unless a session comes first
    review_months: int  # the result is judged this many months after the last session
    review_details: str  # why then, said in the plan's review event
    review_sources: tuple[str, ...]
    recovery_details: str  # the healing window after each session, with {until}
    recovery_sources: tuple[str, ...]
    min_maintenance_months: int  # no protocol plans maintenance sooner (D7)
    maintenance_sources: tuple[str, ...]
    min_use_days: int  # a pause is lifted between two sessions only if it leaves this many days of use
    pause_sources: tuple[str, ...]
    default_needle_mm: float  # the needle assumed for spacing when a diary names none
    announce_days: int  # a planned session is announced this many days ahead
    next_session_sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Thresholds:
    """thresholds.yaml: where a verdict or an alert changes that belongs to no single entry."""

    partial_zone_effect: Verdict  # the most a zonal rule covering only some treated zones gives the person
    partial_zone_sources: tuple[str, ...]
    severe_rating: int  # a reaction rated this or higher (diary scale 1–5) is a red flag, whatever it is
    severe_sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Knowledge:
    """Everything the core needs, loaded and cross-checked."""

    version: str
    sources: Mapping[str, Source]
    seed_facts: Mapping[str, SeedFact]
    settings: Mapping[str, SettingLimits]
    zones: Mapping[str, Zone]
    devices: Mapping[str, DeviceKind]
    vocabulary: Mapping[str, VocabularyEntry]  # conditions, medications, procedures
    ingredients: Mapping[str, Ingredient]
    goals: Mapping[str, Goal]
    checks: Mapping[str, Check]
    intervals: tuple[Interval, ...]
    side_effects: Mapping[str, SideEffect]
    care: Mapping[str, CareItem]
    disagreements: Mapping[str, Disagreement]
    explanations: Mapping[str, Explanation]
    schedule: Schedule
    thresholds: Thresholds
    extras: Mapping[str, Any] = field(default_factory=dict)  # later sections (protocols...)
    rules_by_factor: Mapping[tuple[str, str], tuple[Rule, ...]] = field(default_factory=dict)
    protocols: Mapping[str, Protocol] = field(default_factory=dict)
    # policy.yaml; None only for a knowledge base built without it (then no rule without its
    # own `policy_washout` may be changed by a clinic).
    policy_defaults: PolicyDefaults | None = None
    # Screening's tables and the plan's check-in texts (core/derived.py), made from the fields
    # above when the base is built; not compared. Read them as `derived`.
    derived_values: Derived | None = field(default=None, repr=False, compare=False)

    @property
    def derived(self) -> Derived:
        """The values derived from this base when it was built (`core.derived.with_derived`)."""
        if self.derived_values is None:
            raise ValueError("this Knowledge was built without core.derived.with_derived")
        return self.derived_values

    def ids(self, category: Category) -> tuple[str, ...]:
        """The vocabulary ids of one category, sorted."""
        return tuple(sorted(e.id for e in self.vocabulary.values() if e.category == category))

    def all_rules(self) -> tuple[Rule, ...]:
        """Every rule, in a stable order."""
        rules = [r for entry in self.vocabulary.values() for r in entry.rules]
        rules += [r for ingredient in self.ingredients.values() for r in ingredient.rules]
        return tuple(sorted(rules, key=lambda r: r.id))

    def session_interval(self, protocol: Protocol, needle_mm: float | None, device_kind: str | None = None) -> int:
        """Days between a protocol's sessions at a depth: its course spacing, never less than intervals.yaml's
        minimum for the needle, its own `spacing` band for that depth, nor the device kind's own minimum
        (radio-frequency microneedling): the longest of these."""
        kind = self.devices.get(device_kind) if device_kind is not None else None
        floor = max(protocol.interval_days, (kind.min_interval_days or 0) if kind is not None else 0)
        if needle_mm is None:
            return floor
        own = next((band.min_days for band in protocol.spacing if needle_mm <= band.up_to_mm), 0)
        return max(floor, self.min_interval_days(needle_mm), own)

    def min_interval_days(self, needle_mm: float) -> int:
        """Minimum days between sessions for a needle length (the next longer band applies)."""
        for band in self.intervals:
            if needle_mm <= band.up_to_mm:
                return band.min_days
        return self.intervals[-1].min_days


def rule_grades(knowledge: Knowledge) -> Mapping[str, Grade]:
    """The evidence grade of every rule that has one (made with the base: `core.derived`)."""
    return knowledge.derived.rule_grades


def grades_of(knowledge: Knowledge) -> Mapping[str, Grade]:
    """The evidence grade of every rule that has one: its own `grade`, or D for a rule whose every source is
    a seed article or a D-level page (nothing better exists behind it, and the person is told so). A rule
    citing graded literature without a `grade` of its own is left out (the loader refuses one: its grade needs a
    reader's judgement).
    Pages and the API show a grade beside each reason, so it is worked out once per base."""
    grades: dict[str, Grade] = {}
    for rule in knowledge.all_rules():
        if rule.grade is not None:
            grades[rule.id] = rule.grade
        elif rule.sources and all(code in knowledge.seed_facts or _weak(knowledge.sources.get(code))
                                  for code in rule.sources):
            grades[rule.id] = "D"
    return grades


def _weak(source: Source | None) -> bool:
    """A seed article (a consumer page; its facts are cited by id) or a D-level source: common practice, not
    evidence."""
    return source is not None and (source.kind == "seed" or source.grade == "D")
