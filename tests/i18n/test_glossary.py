"""docs/translation.md names every zone, device, procedure, drug class, care step and verdict, with the
very words the catalogues use."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

from mesoplan.i18n_catalogues import po_path
from mesoplan.knowledge_loader import load_knowledge

GLOSSARY = Path(__file__).resolve().parents[2] / "docs" / "translation.md"
ROW = re.compile(r"^\| `([a-z0-9_]+)` \| (.+?) \| (.+?) \| (.+?) \|$", re.M)
VERDICT_ROW = re.compile(r"^\| (go|caution|postpone|consult|stop) \|", re.M)


def _rows() -> dict[str, tuple[str, str, str]]:
    return {m[1]: (m[2], m[3], m[4]) for m in ROW.finditer(GLOSSARY.read_text(encoding="utf-8"))}


def test_every_knowledge_id_people_meet_has_a_glossary_entry() -> None:
    kb = load_knowledge()
    ids = {*kb.zones, *kb.devices, *kb.care,
           *(v.id for v in kb.vocabulary.values() if v.category in ("procedure", "medication"))}
    missing = sorted(ids - set(_rows()))
    assert not missing, f"add to docs/translation.md: {missing}"


def test_every_verdict_has_a_glossary_entry() -> None:
    found = set(VERDICT_ROW.findall(GLOSSARY.read_text(encoding="utf-8")))
    assert found == {"go", "caution", "postpone", "consult", "stop"}


def test_the_glossary_and_the_catalogues_use_the_same_words() -> None:
    """A term changed in a catalogue but not in the glossary (or the other way round) is caught."""
    with po_path("ru").open("rb") as f:
        russian = read_po(f, locale="ru")
    with po_path("fr").open("rb") as f:
        french = read_po(f, locale="fr")
    differ = []
    for id_, (english, ru, fr) in _rows().items():
        in_fr = str(french.get(english).string).replace("\u00a0", " ").replace("\u202f", " ")
        if (str(russian.get(english).string), in_fr) != (ru, fr):
            differ.append(id_)
    assert not differ, differ
