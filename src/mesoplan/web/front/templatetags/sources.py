"""Source links as one piece of HTML: a page cites a hundred of them, and a template loop
with a variable per link attribute costs more than the rest of the page. Every value is
escaped (Python's `html.escape`, quotes included, as Django's `escape`)."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from mesoplan.web.front.display import SourceRef

register = template.Library()


@register.filter
def source_links(sources: Iterable[SourceRef]) -> SafeString:
    """Each source's code linked to the sources page, with its citation as a tooltip."""
    return mark_safe(" ".join(
        f'<a href="{escape(s.href)}" title="{escape(s.title)}">{escape(s.code)}</a>' for s in sources))


@register.filter
def plain_source_links(sources: Iterable[SourceRef]) -> SafeString:
    """Each source's code linked to the sources page, for a page that lists its sources once with
    their citations (the answer's plan cites the same sources dozens of times)."""
    return mark_safe(" ".join(
        f'<a href="{escape(s.href)}">{escape(s.code)}</a>' for s in sources))


@register.filter
def source_list(sources: Iterable[SourceRef]) -> SafeString:
    """Sources as a definition list's items: the linked code, then what it is (a citation as <cite>)."""
    return mark_safe(" ".join(
        f'<dt><a href="{escape(s.href)}">{escape(s.code)}</a></dt><dd>{_what(s)}</dd>' for s in sources))


def _what(source: SourceRef) -> str:
    return f"<cite>{escape(source.title)}</cite>" if source.citation else str(escape(source.title))
