"""The knowledge texts are extractable for translators as a valid gettext template."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from mesoplan.knowledge_loader import load_knowledge
from mesoplan.knowledge_messages import messages, pot

KB = load_knowledge()


def _msgids(text: str) -> list[str]:
    return [m.encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
            for m in re.findall(r'^msgid "(.*)"$', text, re.M)][1:]


def test_every_rule_message_and_zone_name_is_a_msgid() -> None:
    """Rule messages, prescribed messages and zone names all reach the template."""
    ids = set(_msgids(pot(KB)))
    for rule in KB.all_rules():
        assert rule.message in ids, rule.id
        if rule.prescribed_message:
            assert rule.prescribed_message in ids, rule.id
    for zone in KB.zones.values():
        assert zone.name in ids


def test_each_text_appears_once_with_the_places_that_use_it() -> None:
    """A text shared by several entries is one msgid whose references name every place."""
    ids = _msgids(pot(KB))
    assert len(ids) == len(set(ids))
    assert all(places for places in messages(KB).values())


def test_the_template_compiles_with_gnu_msgfmt(tmp_path: Path) -> None:
    """GNU gettext accepts the template (Debian's gettext package, installed by make test)."""
    path = tmp_path / "knowledge.pot"
    path.write_text(pot(KB), encoding="utf-8")
    done = subprocess.run(["msgfmt", "--check-format", "-o", str(tmp_path / "k.mo"), str(path)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
