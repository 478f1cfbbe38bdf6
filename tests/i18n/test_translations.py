"""The Russian and French catalogues: complete where safety is said, and faithful to every parameter."""

from __future__ import annotations

import re
from functools import cache

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from mesoplan.i18n_catalogues import SHIPPED, po_path
from mesoplan.knowledge_loader import load_knowledge

PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sd]|\{\w+\}")


@cache
def _catalogue(language: str) -> Catalog:
    with po_path(language).open("rb") as f:
        return read_po(f, locale=language)


def _translation(language: str, msgid: str) -> str:
    message = _catalogue(language).get(msgid)
    assert message is not None, f"{language}: {msgid!r} is not in the catalogue"
    assert not message.fuzzy, f"{language}: {msgid!r} is fuzzy"
    return str(message.string)


@pytest.mark.parametrize("language", SHIPPED)
def test_every_translation_keeps_exactly_the_placeholders_of_its_message_id(language: str) -> None:
    """A translation that drops or renames `{until}` or `%(name)s` would print a hole or crash a page."""
    wrong = []
    for message in _catalogue(language):
        if not message.id or not message.string:
            continue
        if isinstance(message.id, tuple):
            expected = sorted(set(PLACEHOLDER.findall(message.id[1])))
            forms = [f for f in message.string if f]
            wrong += [(message.id[0], f) for f in forms if sorted(set(PLACEHOLDER.findall(f))) != expected]
        elif sorted(PLACEHOLDER.findall(message.string)) != sorted(PLACEHOLDER.findall(message.id)):
            wrong.append((message.id, message.string))
    assert not wrong, wrong[:5]


def _safety_texts() -> set[str]:
    kb = load_knowledge()
    texts = set()
    for rule in kb.all_rules():
        texts |= {rule.message, rule.prescribed_message}
    texts |= {check.message for check in kb.checks.values()}
    texts |= {d.not_in_setting_message for d in kb.devices.values()}
    for effect in kb.side_effects.values():
        if effect.kind == "red_flag":
            texts |= {effect.name, effect.advice}
    return {t for t in texts if t}


VERDICT_WORDS = ["Go ahead", "Go ahead with care", "Not yet — wait until {date}", "See a doctor first", "Not now",
                 "go", "with care", "wait", "doctor first", "not now",
                 "Do not start now: no start date can be given yet.",
                 "Red flags to watch: see a doctor now if you notice", "See a doctor now"]


@pytest.mark.parametrize("language", SHIPPED)
def test_no_verdict_or_red_flag_text_is_left_untranslated(language: str) -> None:
    """Every reason, red flag and verdict word a person reads has a translation that is not empty."""
    missing = [t for t in sorted(_safety_texts()) + VERDICT_WORDS if not _translation(language, t).strip()]
    assert not missing, missing[:5]


@pytest.mark.parametrize("language", SHIPPED)
def test_the_catalogue_has_no_fuzzy_or_empty_entry(language: str) -> None:
    """`make messages` marks changed texts fuzzy: none may ship unchecked."""
    bad = [m.id for m in _catalogue(language) if m.id and (m.fuzzy or not (
        all(m.string) if isinstance(m.string, tuple) else m.string))]
    assert not bad, bad[:5]


def test_a_stop_stays_a_stop_in_each_language() -> None:
    """The strongest verdict is said as a refusal, never softened into advice."""
    assert _translation("ru", "Not now") == "Сейчас нельзя"
    assert _translation("fr", "Not now").startswith("Non")
    said = "Do not start now: no start date can be given yet."
    assert "не начинайте" in _translation("ru", said).lower()
    assert "ne commencez pas" in _translation("fr", said).lower()


def test_french_puts_a_non_breaking_space_before_double_punctuation() -> None:
    """French typography: « : ; ! ? » are never preceded by an ordinary space."""
    plain = [m.string for m in _catalogue("fr")
             if m.id and isinstance(m.string, str) and re.search(r" [:;!?]", m.string)]
    assert not plain, plain[:3]
