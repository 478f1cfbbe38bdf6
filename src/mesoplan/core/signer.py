"""Who may sign a consent: the client's own name, or a guardian for a minor.

A typed name counts as the client's when the same words are there, whatever the case, the
accents, the spacing or punctuation, and the order of given and family names. Cyrillic and
Latin letters are compared as written: "Мария" is not "Maria" (no transliteration, which
would guess).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from mesoplan.core.knowledge import Knowledge

DEFAULT_GUARDIAN_AGE = 18  # used only when the knowledge base names no age for a guardian
_WORD = re.compile(r"[^\W_]+")  # letters and digits; hyphens, dots and apostrophes separate words


def name_words(name: str) -> tuple[str, ...]:
    """The words of a name, without case or accents, sorted (so the order does not count)."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return tuple(sorted(_WORD.findall(bare)))


def same_name(typed: str, on_record: str) -> bool:
    """Whether the typed name is the name on record, as `name_words` compares them."""
    words = name_words(typed)
    return bool(words) and words == name_words(on_record)


def age_on(birth: date, day: date) -> int:
    """Full years between the birth date and the day."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def guardian_age(kb: Knowledge) -> int:
    """The age below which a parent or guardian must agree: the age rule of the knowledge base
    whose message asks for a guardian (person.yaml `age`/`minor_consult`), else 18."""
    entry = kb.vocabulary.get("person:age")
    for rule in entry.rules if entry is not None else ():
        if rule.id == "minor_consult" and rule.threshold is not None and rule.threshold[0] == "age_below":
            return rule.threshold[1]
    return DEFAULT_GUARDIAN_AGE


def is_minor(birth: date | None, day: date, kb: Knowledge) -> bool:
    """Whether someone born on `birth` needs a guardian's signature on `day` (unknown birth: no)."""
    return birth is not None and age_on(birth, day) < guardian_age(kb)
