"""The plan's PDF handout as a multiple of a one-page WeasyPrint document rendered in the same run.

The plan is the one a person gets for `realistic-intake.yaml` (8 sessions and 2 maintenance,
74 events, the consult's reasons, sources), in English, made once; what is timed is the
handout alone (`plan_to_pdf`: HTML filled in, laid out, written as a tagged PDF/UA-1).

The one-page document is an A4 page of running text in the handout's font and size (a heading
and paragraphs, checked to fill exactly one page), written with WeasyPrint's defaults: what any
one-page letter costs on this machine. The two are timed in alternation, so that other work on
the machine slows both alike, and the figure is the ratio of their medians. The cost of an
almost empty page (one heading, one line) is printed beside it, as a second calibration.
"""

from __future__ import annotations

import statistics
import time
from datetime import date
from pathlib import Path
from typing import Any

import yaml

BENCH = Path(__file__).resolve().parent
ROUNDS = 15
TEXT = ("mesoplan plans a course of sessions with their dates, the needle for each zone and the steps "
        "before and after every session, so that a person can follow it at home or in a clinic.")
WORDS = TEXT.split(" ")


def one_page_html(words: int = 900) -> str:
    """An A4 page of text in the handout's font: a heading and paragraphs of about a hundred words."""
    text = [" ".join(WORDS[(i + j) % len(WORDS)] for j in range(100)) for i in range(0, words, 100)]
    paragraphs = "".join(f"<p>{p}</p>" for p in text)
    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>One page</title><style>"
            "@page { size: A4; margin: 14mm } body { font: 9pt/1.35 'DejaVu Sans', sans-serif }</style></head>"
            f"<body><h1>One page of text</h1>{paragraphs}</body></html>")


EMPTY_PAGE = "<!DOCTYPE html><html lang='en'><body><h1>Hello</h1><p>One line.</p></body></html>"


def _timed(make: Any) -> float:
    began = time.perf_counter()
    make()
    return time.perf_counter() - began


def pdf_multiple_of_one_page() -> float:
    """Median time of the plan's handout over the median time of a one-page document, same run."""
    from weasyprint import HTML

    from mesoplan import services
    from mesoplan.exports.pdf import plan_to_pdf

    data = yaml.safe_load((BENCH / "realistic-intake.yaml").read_text(encoding="utf-8"))
    today = date(2026, 11, 1)
    plan = services.plan_intake(services.parse_intake(data, today=today), today=today)
    knowledge = services.knowledge()
    page = one_page_html()
    assert len(HTML(string=page).render().pages) == 1, "the reference document must be one page"
    plan_to_pdf(plan, knowledge)  # warm: fonts, catalogues, the template
    handout, reference, empty = [], [], []
    for _ in range(ROUNDS):
        handout.append(_timed(lambda: plan_to_pdf(plan, knowledge)))
        reference.append(_timed(lambda: HTML(string=page).write_pdf()))
        empty.append(_timed(lambda: HTML(string=EMPTY_PAGE).write_pdf()))
    plan_s, page_s = statistics.median(handout), statistics.median(reference)
    print(f"  calibration: a one-page WeasyPrint document {page_s * 1000:.0f} ms, an almost empty page "
          f"{statistics.median(empty) * 1000:.0f} ms, the plan's handout {plan_s * 1000:.0f} ms, in the same run")
    return plan_s / page_s
