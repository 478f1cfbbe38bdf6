"""Babel extraction methods for the two sources Babel cannot read by itself.

- Django templates: Django's own `templatize` turns a template into Python-like
  text whose `gettext(...)` calls Babel's Python extractor reads, so `{% translate %}`
  and `{% blocktranslate %}` (with plurals and contexts) are found as `makemessages`
  finds them, without GNU gettext installed.
- The knowledge base's YAML: every text people read (the walker in
  `knowledge_messages`) is attributed to the YAML file that holds it.
"""

from __future__ import annotations

import io
from collections.abc import Collection, Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

import yaml
from babel.messages.extract import extract_python

# What an extractor yields: (line, function name, message or messages, comments).
Extracted = tuple[Any, ...]


def extract_django_template(fileobj: IO[bytes], keywords: Mapping[str, Any], comment_tags: Collection[str],
                            options: Mapping[str, Any]) -> Iterator[Extracted]:
    """The translatable strings of one Django template."""
    from django.utils.translation.template import templatize

    source = fileobj.read().decode(str(options.get("encoding", "utf-8")))
    python_like = templatize(source)
    yield from extract_python(io.BytesIO(python_like.encode("utf-8")), keywords, comment_tags,
                              {"encoding": "utf-8"})


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@lru_cache(maxsize=1)
def _texts_by_file(folder: str) -> dict[str, list[str]]:
    """Knowledge file name → the texts first written in it, in walker order."""
    from mesoplan.knowledge_loader import load_knowledge
    from mesoplan.knowledge_messages import messages

    files = sorted(Path(folder).glob("*.yaml"))
    scalars = {f.name: set(_strings(yaml.safe_load(f.read_text(encoding="utf-8")))) for f in files}
    by_file: dict[str, list[str]] = {}
    for text in messages(load_knowledge(Path(folder))):
        home = next((name for name, found in scalars.items() if text in found), "manifest.yaml")
        by_file.setdefault(home, []).append(text)
    return by_file


def _line_of(text: str, source: str) -> int:
    start = source.find(text.split("\n")[0][:40])
    return source.count("\n", 0, start) + 1 if start >= 0 else 1


def extract_knowledge_yaml(fileobj: IO[bytes], keywords: Mapping[str, Any], comment_tags: Collection[str],
                           options: Mapping[str, Any]) -> Iterator[Extracted]:
    """The knowledge texts people read that this YAML file holds."""
    path = Path(str(getattr(fileobj, "name", "")))
    source = fileobj.read().decode("utf-8")
    for text in _texts_by_file(str(path.parent)).get(path.name, []):
        yield _line_of(text, source), "", text, ["knowledge base text"]
