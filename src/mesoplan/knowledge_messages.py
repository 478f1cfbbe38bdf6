"""The knowledge base's user-facing texts as a gettext template (POT).

Knowledge texts are English message ids, translated at render time like the
code's own strings. xgettext cannot read YAML, so this walks the loaded base and
writes every text field once, with the entries that use it as references.
"""

from __future__ import annotations

from mesoplan.core.knowledge import Knowledge
from mesoplan.knowledge_check import walk_fields

# Fields that people read. Ids, codes and citations are not translated.
TEXT_FIELDS = frozenset({
    "name", "explain", "message", "prescribed_message", "title", "details", "advice", "says",
    "decision", "why", "text", "topic", "expect", "care", "not_in_setting_message", "note", "summary", "adapted",
    "without_alternative_message", "review_details", "recovery_details",
})
SECTIONS = ("zones", "devices", "vocabulary", "ingredients", "goals", "checks", "side_effects", "care",
            "disagreements", "explanations", "protocols", "schedule")


def messages(kb: Knowledge) -> dict[str, list[str]]:
    """Each translatable text → the places that use it, in a stable order."""
    found: dict[str, list[str]] = {}
    for section in SECTIONS:
        for where, _, text in walk_fields(getattr(kb, section, {}), section, TEXT_FIELDS):
            if not isinstance(text, str) or not text:
                continue
            places = found.setdefault(text, [])
            if where not in places:
                places.append(where)
    # The seed articles' statements, shown on the sources page and the handout. Citations are not
    # translated: they name publications as published.
    for fact in kb.seed_facts.values():
        found.setdefault(fact.statement, []).append(f"seed_facts:{fact.id}")
    return found


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def pot(kb: Knowledge) -> str:
    """A gettext template with every knowledge text as a msgid."""
    lines = [
        "# Knowledge-base texts of mesoplan, for translators.",
        f"# Knowledge version {kb.version}.",
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        "",
    ]
    for text, places in messages(kb).items():
        lines.append("#: " + " ".join(places[:6]))
        lines += [f"msgid {_quote(text)}", 'msgstr ""', ""]
    return "\n".join(lines)
