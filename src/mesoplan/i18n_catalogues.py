"""The one catalogue pipeline: extract every message id, update each language, compile.

`python -m mesoplan.i18n_catalogues update` (what `make messages` runs) extracts
from the Python code, the Django templates and the knowledge base's YAML into one
template, merges it into `locale/<lang>/LC_MESSAGES/django.po` for each shipped
language and reports what is new, fuzzy (a changed English text matched to an old
translation: check it) and obsolete. `compile` writes the `.mo` files the web app,
the CLI and the exporters read; the install and `mesoplan serve` run it, so the
compiled files are never committed and GNU gettext is never needed.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, check_and_call_extract_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

PACKAGE_DIR = Path(__file__).resolve().parent
LOCALE_DIR = PACKAGE_DIR / "locale"
DOMAIN = "django"  # Django reads only this domain; the CLI and exporters read the same files
SHIPPED = ("ru", "fr")

KEYWORDS: dict[str, Any] = {**DEFAULT_KEYWORDS, "gettext_lazy": None, "gettext_noop": None, "ngettext_lazy": (1, 2),
            "pgettext_lazy": ((1, "c"), 2), "npgettext_lazy": ((1, "c"), 2, 3)}
PARAMETER = re.compile(r"%\(\w+\)[sdif]|%[sd]")
METHODS = [
    ("locale/**", "ignore"),
    ("**/templates/**.html", "mesoplan.i18n_extract:extract_django_template"),
    ("**/templates/**.txt", "mesoplan.i18n_extract:extract_django_template"),
    ("knowledge/*.yaml", "mesoplan.i18n_extract:extract_knowledge_yaml"),
    ("**.py", "python"),
]


def po_path(language: str, locale_dir: Path = LOCALE_DIR) -> Path:
    return locale_dir / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def extract(package_dir: Path = PACKAGE_DIR) -> Catalog:
    """Every message id in the package, with the places that use it."""
    template = Catalog(project="mesoplan", charset="utf-8", fuzzy=False)
    for filename, lineno, message, comments, context in _extracted(package_dir):
        if not message or (isinstance(message, tuple) and not message[0]):
            continue
        template.add(message, None, [(f"mesoplan/{filename}", lineno)], auto_comments=comments, context=context)
    for entry in template:
        # Babel reads "70% isopropyl" as a `% i` directive; only real parameters make a format.
        if entry.id and not any(PARAMETER.search(m) for m in _ids(entry.id)):
            entry.flags.discard("python-format")
    return template


def _extracted(package_dir: Path) -> Iterator[tuple[str, int, Any, list[str], str | None]]:
    """Every message of every file, file by file. (Babel's `extract_from_dir` lost the `gettext_lazy`
    calls of a few modules in a whole-tree walk, though each file alone extracts them all.)"""
    for root, dirs, files in os.walk(package_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        for name in sorted(files):
            yield from check_and_call_extract_file(os.path.join(root, name), METHODS, {}, None, KEYWORDS,
                                                   ("Translators:",), True, dirpath=str(package_dir))


def _ids(message: object) -> tuple[str, ...]:
    return tuple(message) if isinstance(message, (tuple, list)) else (str(message),)


@dataclass
class Report:
    language: str
    total: int = 0
    new: list[str] = field(default_factory=list)
    fuzzy: list[str] = field(default_factory=list)
    untranslated: int = 0
    obsolete: int = 0


def _msgid(message_id: object) -> str:
    return message_id[0] if isinstance(message_id, tuple) else str(message_id)


def update(languages: tuple[str, ...] = SHIPPED, locale_dir: Path = LOCALE_DIR) -> list[Report]:
    """Merge the extracted ids into each language's catalogue; report the changes."""
    template = extract()
    reports = []
    for language in languages:
        path = po_path(language, locale_dir)
        if path.exists():
            with path.open("rb") as f:
                catalogue = read_po(f, locale=language)
        else:
            catalogue = Catalog(locale=language, project="mesoplan", charset="utf-8", fuzzy=False)
        known = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue if m.id}
        catalogue.update(template, update_header_comment=False)
        catalogue.revision_date = datetime.now(UTC)
        catalogue.version = "1"
        catalogue.last_translator = catalogue.language_team = "mesoplan contributors (docs/translation.md)"
        report = Report(language, obsolete=len(catalogue.obsolete))
        for m in catalogue:
            if not m.id:
                continue
            if not any(PARAMETER.search(i) for i in _ids(m.id)):
                m.flags.discard("python-format")
            report.total += 1
            if _msgid(m.id) not in known:
                report.new.append(_msgid(m.id))
            if m.fuzzy:
                report.fuzzy.append(_msgid(m.id))
            elif not (all(m.string) if isinstance(m.string, tuple) else m.string):
                report.untranslated += 1
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as f:
            write_po(f, catalogue, width=100, ignore_obsolete=True, include_previous=True, sort_by_file=True)
        reports.append(report)
    return reports


def untranslated_knowledge(places: dict[str, list[str]], locale_dir: Path = LOCALE_DIR) -> list[tuple[str, str, str]]:
    """(language, place, text) for each knowledge text with no checked translation in a shipped language.

    `places` is `knowledge_messages.messages(kb)`: text → the entries that use it.
    """
    missing = []
    for language in SHIPPED:
        with po_path(language, locale_dir).open("rb") as f:
            catalogue = read_po(f, locale=language)
        for text, where in places.items():
            message = catalogue.get(text)
            if message is None or message.fuzzy or not message.string:
                missing.append((language, where[0], text))
    return missing


def compile_all(locale_dir: Path = LOCALE_DIR, force: bool = False) -> list[Path]:
    """Write each catalogue's `.mo` when it is missing or older than its `.po`; fuzzy entries are left out."""
    written = []
    for po in sorted(locale_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        mo = po.with_suffix(".mo")
        if not force and mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as f:
            catalogue = read_po(f, locale=po.parent.parent.name)
        partial = mo.with_name(f"{mo.name}.{os.getpid()}.tmp")
        try:  # written aside then renamed: a process reading the catalogue never sees half a file
            with partial.open("wb") as f:
                write_mo(f, catalogue, use_fuzzy=False)
            partial.replace(mo)
        except OSError:  # an installed, read-only package: its install compiled them already
            continue
        written.append(mo)
    return written


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command == "update":
        for r in update():
            print(f"{r.language}: {r.total} messages, {len(r.new)} new, {len(r.fuzzy)} fuzzy, "
                  f"{r.untranslated} untranslated, {r.obsolete} obsolete")
            for text in r.new:
                print(f"  new: {text[:90]!r}")
            for text in r.fuzzy:
                print(f"  fuzzy: {text[:90]!r}")
        return 0
    if command == "compile":
        for mo in compile_all(force="--force" in argv):
            print(f"compiled {mo.relative_to(PACKAGE_DIR)}")
        return 0
    print("usage: python -m mesoplan.i18n_catalogues update|compile [--force]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
