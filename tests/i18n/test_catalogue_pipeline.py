"""`make messages` gathers every message id into one catalogue per language, and builds them."""

from __future__ import annotations

import gettext
import re
import shutil
from pathlib import Path

from babel.messages.pofile import read_po

from mesoplan.i18n_catalogues import LOCALE_DIR, SHIPPED, compile_all, extract, po_path, update
from mesoplan.knowledge_loader import load_knowledge


def _ids() -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in extract() if m.id}


def test_extraction_finds_code_templates_and_knowledge_texts() -> None:
    """One template holds `N_` ids of the core, `{% translate %}` of templates and knowledge texts."""
    ids = _ids()
    kb = load_knowledge()
    assert "Skip to content" in ids  # base.html, {% translate %}
    assert "Change “%(title)s”" in ids  # a {% blocktranslate %} with a variable
    assert all(rule.message in ids for rule in kb.all_rules())
    assert all(zone.name in ids for zone in kb.zones.values())
    assert all(p.summary in ids for p in kb.protocols.values())


def test_the_shipped_catalogues_are_up_to_date_with_the_code() -> None:
    """Every extracted id is in each shipped catalogue: a new string means `make messages` was not run."""
    ids = _ids()
    for language in SHIPPED:
        with po_path(language).open("rb") as f:
            catalogue = read_po(f, locale=language)
        missing = ids - {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue if m.id}
        assert not missing, f"{language}: run `make messages`; missing {sorted(missing)[:5]}"


def test_update_reports_new_ids_and_keeps_translations(tmp_path: Path) -> None:
    """Updating a catalogue keeps what is translated and names what is new."""
    shutil.copytree(LOCALE_DIR, tmp_path / "locale")
    po = po_path("fr", tmp_path / "locale")
    text = po.read_text(encoding="utf-8")
    po.write_text(re.sub(r'msgid "Skip to content"\nmsgstr ".*"', 'msgid "Skip to content"\nmsgstr "X"', text),
                  encoding="utf-8")
    report = {r.language: r for r in update(("fr",), tmp_path / "locale")}["fr"]
    assert report.new == []
    assert 'msgid "Skip to content"\nmsgstr "X"' in po.read_text(encoding="utf-8")
    compile_all(tmp_path / "locale")
    fr = gettext.translation("django", str(tmp_path / "locale"), languages=["fr"])
    assert fr.gettext("Skip to content") == "X"


def test_compiling_builds_each_missing_catalogue(tmp_path: Path) -> None:
    """A fresh clone has only .po files; compiling makes the .mo Django and the CLI read."""
    shutil.copytree(LOCALE_DIR, tmp_path / "locale", ignore=shutil.ignore_patterns("*.mo"))
    written = compile_all(tmp_path / "locale")
    assert sorted(p.parent.parent.name for p in written) == sorted(SHIPPED)
    assert compile_all(tmp_path / "locale") == []  # up to date: nothing rebuilt


def test_the_knowledge_check_fails_when_a_knowledge_text_has_no_translation(tmp_path: Path) -> None:
    """A text added to the YAML without its Russian and French is caught before it ships."""
    from mesoplan.i18n_catalogues import untranslated_knowledge
    from mesoplan.knowledge_messages import messages

    places = messages(load_knowledge())
    assert untranslated_knowledge(places) == []
    shutil.copytree(LOCALE_DIR, tmp_path / "locale")
    po = po_path("fr", tmp_path / "locale")
    text = po.read_text(encoding="utf-8")
    po.write_text(re.sub(r'(msgid "Forehead"\nmsgstr )".*"', r'\1""', text), encoding="utf-8")
    assert untranslated_knowledge(places, tmp_path / "locale") == [("fr", "zones:forehead", "Forehead")]
