"""What a reader reads on a page, for the tests that check every page is in the reader's language."""

from __future__ import annotations

import re

# Words of English sentences that are not words of Russian or French either.
ENGLISH = frozenset((
    "the", "and", "your", "you", "with", "this", "that", "of", "to", "is", "are", "for", "not", "before", "after",
    "please", "what", "when", "who", "how", "save", "delete", "from", "by", "will", "can", "must", "should", "has",
    "have", "been", "was", "were", "there", "here", "yet", "them", "they", "their", "which", "yes", "add", "edit",
    "sign", "signed", "none"))
# Whole words only: a code such as a client's link code ("ARE9UZ2KXV") is no English word.
WORD = re.compile(r"\b[^\W\d_]+\b")
# Citations of sources stay as published: a source's link (its tooltip is the citation) and <cite>.
CITED = re.compile(r'(?s)<a [^>]*href="[^"]*/sources/[^"]*"[^>]*>|<cite\b.*?</cite>')
HIDDEN = re.compile(r"(?s)<(script|style|title)\b.*?</\1>")


def english_left(html: str, own_words: str = "OURS-") -> list[str]:
    """The lines of the page's visible text (and labels a screen reader says) with an English word,
    leaving out lines with people's own words (marked with `own_words` in the tests' records)."""
    html = HIDDEN.sub(" ", CITED.sub(" ", html))
    said = re.findall(r'(?:title|aria-label|placeholder|alt)="([^"]*)"', html)
    lines = [*re.split(r"\s*\n\s*|<[^>]+>", html), *said]
    return sorted({line.strip() for line in lines
                   if own_words not in line and {w.lower() for w in WORD.findall(line)} & ENGLISH})
