"""The bulk re-screen, pure: which clients' answers changed under a new knowledge base or policy.

Each client is `(client_id, intake, old_digest)`, the digest being `result_digest` of the
answer stored for them. Intakes are frozen and hashable, so clients who share an identical
intake share one screening. The process pool that spreads the screenings over the cores
lives outside the core (`mesoplan.rescreen_pool`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from hashlib import blake2b
from typing import Generic, NamedTuple, TypeVar

from mesoplan.core.intake import Intake
from mesoplan.core.knowledge import Knowledge
from mesoplan.core.screening import NeedleAdvice, ScreeningResult, screen
from mesoplan.core.verdicts import Verdict

K = TypeVar("K")
DIGEST_BYTES = 12  # 24 hex characters: no two answers of one client collide in practice


class Summary(NamedTuple):
    """What a client row keeps of a screening: enough to tell whether a new one differs."""

    verdict: Verdict
    earliest_start: date | None
    digest: str


class Changed(NamedTuple, Generic[K]):
    """A client whose answer differs from the stored one, with the new answer's summary."""

    client_id: K
    intake: Intake
    summary: Summary


@dataclass(frozen=True, slots=True)
class Rescreen(Generic[K]):
    """The outcome of a bulk re-screen."""

    checked: int  # clients screened
    distinct: int  # distinct intakes among them, each screened once
    changed: tuple[Changed[K], ...]


def result_digest(result: ScreeningResult) -> str:
    """A short, stable digest of an answer: what a person, a clinic or the planner would see change.

    It covers the verdict, the earliest start, each reason (rule, factor, effect, date, zones
    and the zone's own effect) and each zone with its needle advice; the zones' verdicts and
    dates follow from those. Messages, sources and disagreements are left out: new wording
    or a new citation is not a new answer. The order of the reasons does not matter.

    The text hashed, which stored digests depend on: each reason as
    `rule:factor:effect:day:zones:zone_effect` (day: the day number of `until` or "-", zones
    comma-separated or "-", zone_effect or "None"), sorted; then the verdict, the day number of
    the earliest start or "-", and each zone in order of its id followed by its needle advice
    (`max/suggested` as `repr` writes the floats, or "-"); all joined by "|".
    """
    # Written out in one function (a bulk re-screen digests every distinct intake): the reasons
    # unpacked rather than read field by field, and inline tests instead of helper calls.
    texts: list[str] = []
    add = texts.append
    for rule, factor, effect, _, _, until, zones, zone_effect, _ in result.reasons:
        add(f"{rule}:{factor}:{effect}:{'-' if until is None else until.toordinal()}:"
            f"{'-' if zones is None else ','.join(zones)}:{'None' if zone_effect is None else zone_effect}")
    if len(texts) > 1:
        texts.sort()
    add(result.verdict)
    earliest = result.earliest_start
    add("-" if earliest is None else str(earliest.toordinal()))
    zone_results = result.zones
    known = _NEEDLE_TEXTS.get
    for zone_id in sorted(zone_results):
        needle = zone_results[zone_id].needle
        add(zone_id)
        text = known(needle)
        add(text if text is not None else _needle_text(needle))
    digest = _BLAKE2B.copy()  # cheaper than making one with its size each time
    digest.update("|".join(texts).encode())
    return digest.hexdigest()


_BLAKE2B = blake2b(digest_size=DIGEST_BYTES)  # never updated itself: only copied


# The needle advice of a zone takes few values (the knowledge base's bands and the devices'
# lengths); writing floats is slow, so each value's text is remembered.
_NEEDLE_TEXTS: dict[NeedleAdvice | None, str] = {}
_MAX_NEEDLE_TEXTS = 4096


def _needle_text(advice: NeedleAdvice | None) -> str:
    text = _NEEDLE_TEXTS.get(advice)
    if text is None:
        text = "-" if advice is None else f"{advice.max_mm!r}/{advice.suggested_mm!r}"
        if len(_NEEDLE_TEXTS) < _MAX_NEEDLE_TEXTS:
            _NEEDLE_TEXTS[advice] = text
    return text


def summarise(result: ScreeningResult) -> Summary:
    """The summary a client row keeps of one answer."""
    return _tuple_new(Summary, (result.verdict, result.earliest_start, result_digest(result)))


def summarise_all(intakes: Iterable[Intake], knowledge: Knowledge) -> list[Summary]:
    """Screen and summarise each intake, in order (the caller passes distinct ones)."""
    return [summarise(screen(intake, knowledge)) for intake in intakes]


# A NamedTuple's generated __new__ is a Python function; tuple.__new__ makes the same
# Summary without it (fields in order), as screening does for its reasons.
_tuple_new = tuple.__new__


def distinct_intakes(clients: Iterable[tuple[K, Intake, str]]) -> tuple[list[tuple[K, int, str]], list[Intake]]:
    """The intakes without repeats (in order of first appearance), and each client with the
    position of its intake among them, so that no intake is hashed twice."""
    positions: dict[Intake, int] = {}
    listed = [(client_id, positions.setdefault(intake, len(positions)), old_digest)
              for client_id, intake, old_digest in clients]
    return listed, list(positions)


def changes(listed: Iterable[tuple[K, int, str]], intakes: Sequence[Intake],
            summaries: Sequence[Summary]) -> tuple[Changed[K], ...]:
    """The clients whose new summary (`summaries[position]`) differs from their old digest."""
    digests = [summary.digest for summary in summaries]
    return tuple([Changed(client_id, intakes[position], summaries[position])
                  for client_id, position, old_digest in listed if digests[position] != old_digest])


def rescreen(clients: Iterable[tuple[K, Intake, str]], knowledge: Knowledge,
             summaries: Mapping[Intake, Summary] | None = None) -> Rescreen[K]:
    """Screen every client's intake (each distinct one once) and keep those whose answer changed.

    Args:
        clients: `(client_id, intake, old_digest)`; `old_digest` is `result_digest` of the
            stored answer, or "" for a client never screened.
        knowledge: the knowledge base to screen with (a clinic's policy already applied).
        summaries: summaries already computed for some intakes (by a process pool, say);
            the others are screened here.
    Returns:
        How many clients and distinct intakes were screened, and the changed clients with
        their new summaries, in the order given.
    """
    listed, intakes = distinct_intakes(clients)
    given = summaries or {}
    missing = [intake for intake in intakes if intake not in given]
    computed = dict(zip(missing, summarise_all(missing, knowledge), strict=True))
    found = [given[i] if i in given else computed[i] for i in intakes]
    return Rescreen(len(listed), len(intakes), changes(listed, intakes, found))


class PolicyDiff(NamedTuple):
    """What differs between two policies over one knowledge base: all a policy can change."""

    rules: frozenset[str]  # rules whose wash-out differs
    factors: frozenset[str]  # the intake ids those rules belong to
    bands: frozenset[tuple[str, str]]  # (zone, setting) whose needle band differs

    def touches(self, intake: Intake) -> bool:
        """Whether this intake's answer or plan can differ: it names such a factor or zone.

        Screening and planning read the knowledge base only through the rules of the
        intake's own factors and the bands of its own zones, and a policy changes nothing else.
        """
        return bool(self.factors & intake.factor_ids()) or self.touches_bands(intake)

    def touches_bands(self, intake: Intake) -> bool:
        """Whether one of the intake's zones has another needle band in its setting."""
        return any((zone, intake.setting) in self.bands for zone in intake.zones)


def policy_diff(old: Knowledge, new: Knowledge) -> PolicyDiff:
    """The rules and needle bands that differ between two policies applied to the same base."""
    rules = washout_changes(old, new)
    factors = frozenset(r.factor for r in new.all_rules() if r.id in rules)
    bands = frozenset((zone_id, setting) for zone_id, zone in new.zones.items()
                      for setting, band in zone.needle.items() if old.zones[zone_id].needle.get(setting) != band)
    return PolicyDiff(rules, factors, bands)


def washout_changes(old: Knowledge, new: Knowledge) -> frozenset[str]:
    """The rules whose wash-out differs between two knowledge bases (before and after a policy change)."""
    before = {r.id: r.washout for r in old.all_rules()}
    return frozenset(r.id for r in new.all_rules() if before.get(r.id, r.washout) != r.washout)


def planner_reads_washout(intake: Intake, knowledge: Knowledge, rule_ids: frozenset[str]) -> bool:
    """Whether planning this intake reads the wash-out of one of these rules, besides its screening.

    The planner names the medicines still taken (no `stopped`) whose rule pauses them
    (`open_ended: caution`, listed under a prep step's `pauses` in care.yaml) under that
    step, which starts as long before each session as the longest of their wash-outs
    (`plan_events.pause_days`), so a plan can change with such a wash-out while the
    screening stays the same. No other wash-out reaches a plan but through the screening.
    """
    if not rule_ids:
        return False
    rules = knowledge.rules_by_factor
    return any(rule.id in rule_ids and rule.open_ended == "caution" for m in intake.medications if m.stopped is None
               for rule in rules.get(("medication", m.id), ()))


__all__ = ["Changed", "PolicyDiff", "Rescreen", "Summary", "changes", "distinct_intakes", "planner_reads_washout",
           "policy_diff", "rescreen", "result_digest", "summarise", "summarise_all", "washout_changes"]
