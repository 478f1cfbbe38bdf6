"""The vocabulary a person meets in the self-check, with plain-words explanations.

Names and explanations come from the knowledge base (English message ids) and
are translated here, when a page is rendered.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from mesoplan import services
from mesoplan.core.knowledge import Knowledge

# The glossary's sections, in the order the self-check asks about them.
SECTIONS = (
    ("person", _("About you")),
    ("zone", _("Zones")),
    ("goal", _("Goals")),
    ("condition", _("Conditions")),
    ("medication", _("Medicines and supplements")),
    ("procedure", _("Other procedures")),
    ("ingredient", _("Serums, ingredients and allergens")),
    ("device", _("Devices")),
    ("side_effect", _("Reactions after a session")),
)
CATEGORIES = frozenset(c for c, _title in SECTIONS)


@dataclass(frozen=True)
class Term:
    id: str
    name: str
    text: str
    sources: tuple[str, ...]


def terms(category: str, knowledge: Knowledge | None = None) -> list[Term]:
    """Every term of a category, translated, in knowledge-base order."""
    kb = knowledge or services.knowledge()
    if category in ("person", "condition", "medication", "procedure"):
        return [Term(e.id, gettext(e.name), gettext(e.explain), e.sources)
                for e in kb.vocabulary.values() if e.category == category]
    if category == "zone":
        return [Term(z.id, gettext(z.name), gettext(z.note) if z.note else "", z.sources) for z in kb.zones.values()]
    if category == "goal":
        return [Term(g.id, gettext(g.name), gettext(g.expect), g.sources) for g in kb.goals.values()]
    if category == "ingredient":
        return [Term(i.id, gettext(i.name), gettext(i.explain), i.sources) for i in kb.ingredients.values()]
    if category == "device":
        return [Term(d.id, gettext(d.name), gettext(d.care), d.sources) for d in kb.devices.values()]
    if category == "side_effect":
        return [Term(s.id, gettext(s.name), gettext(s.advice), s.sources) for s in kb.side_effects.values()]
    raise KeyError(category)


def term(category: str, term_id: str) -> Term | None:
    """One term, or None when the category has no such id."""
    if category not in CATEGORIES:
        return None
    return next((t for t in terms(category) if t.id == term_id), None)


def choices(category: str, *, serums_only: bool = False) -> list[tuple[str, str]]:
    """(id, translated name) pairs for a form field.

    A form checks each chosen value against its field's choices, so a posted self-check asks for
    them a few dozen times: they are worked out once per language (the shipped knowledge base is
    loaded once per process), and only the names are translated, not the explanations.
    """
    return list(_choices(category, serums_only, get_language()))


@functools.lru_cache(maxsize=16)
def ids(category: str, *, serums_only: bool = False) -> frozenset[str]:
    """The ids a form field of this category accepts (the same in every language)."""
    return frozenset(i for i, _name in _choices(category, serums_only, None))


class _Named(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...


@functools.lru_cache(maxsize=64)
def _choices(category: str, serums_only: bool, language: str | None) -> tuple[tuple[str, str], ...]:
    kb = services.knowledge()
    if serums_only:
        return tuple((i.id, gettext(i.name)) for i in kb.ingredients.values() if i.serum)
    names: dict[str, Mapping[str, _Named]] = {"zone": kb.zones, "goal": kb.goals, "ingredient": kb.ingredients,
                                              "device": kb.devices, "side_effect": kb.side_effects}
    if category in names:
        return tuple((entry.id, gettext(entry.name)) for entry in names[category].values())
    return tuple((t.id, t.name) for t in terms(category, kb))
