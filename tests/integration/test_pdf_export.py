"""The printable handout: a real PDF whose text a person (and pdftotext) can read, rendered to PNG to look at.

Page 1 is a summary that fits on a fridge (verdict, next steps, dated sessions, what to buy, red flags,
the not-a-doctor line); the details follow and the sources come last. The PDF is tagged and carries the
reader's language."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import zlib
from datetime import date
from pathlib import Path

import pytest
import yaml

from factories import REPO, condition, contract_example, intake
from mesoplan import i18n
from mesoplan.core.plan_model import Message, Plan
from mesoplan.exports.pdf import plan_html, plan_to_pdf
from plan_factories import KB, planned

ARTIFACTS = REPO / "test-artifacts"
NOT_A_DOCTOR = "mesoplan supports your decision; it does not replace a doctor."


def pdf_text(pdf: bytes, tmp_path: Path, *pages: int) -> str:
    """The PDF's text as pdftotext (poppler) extracts it (only `pages` first..last if given), with runs of
    white space made single spaces."""
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf)
    span = ["-f", str(pages[0]), "-l", str(pages[-1])] if pages else []
    run = subprocess.run(["pdftotext", "-layout", *span, str(path), "-"], capture_output=True, text=True,
                         timeout=60, check=True)
    return re.sub(r"\s+", " ", run.stdout)


def pdf_info(pdf: bytes, tmp_path: Path) -> dict[str, str]:
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    run = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, timeout=60, check=True)
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in run.stdout.splitlines())}


def catalogue_language(pdf: bytes) -> str:
    """The document's /Lang, read from the catalogue (WeasyPrint packs it in a compressed object stream)."""
    chunks = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            chunks.append(zlib.decompress(stream))
        except zlib.error:
            continue
    for chunk in chunks:
        if b"/Type /Catalog" in chunk or b"/Type/Catalog" in chunk:
            found = re.search(rb"/Lang \((\w+)\)", chunk)
            if found:
                return found.group(1).decode()
    return ""


def render_page_one(pdf: bytes, name: str) -> Path:
    """pdftoppm renders page 1 into test-artifacts/ (git-ignored), where a reviewer opens it."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(path),
                    str(ARTIFACTS / name)], check=True, timeout=60)
    return ARTIFACTS / f"{name}.png"


@pytest.fixture(scope="module")
def contract_pdf() -> bytes:
    """The handout of the contract's example intake (consult, isotretinoin until 1 Feb 2027)."""
    return plan_to_pdf(planned(contract_example()), KB)


@pytest.fixture(scope="module")
def bench_plan() -> Plan:
    """The bench's realistic intake: 8 sessions and 2 maintenance, a derma pen, a serum, products to pause."""
    data = yaml.safe_load((REPO / "bench" / "realistic-intake.yaml").read_text(encoding="utf-8"))
    return planned(data, today=date(2026, 11, 1))


def test_the_handout_is_a_tagged_pdf_in_the_readers_language(contract_pdf: bytes, tmp_path: Path) -> None:
    """pdfinfo says Tagged: yes; the catalogue carries the language (a screen reader reads it aloud right)."""
    assert contract_pdf.startswith(b"%PDF-")
    assert b"%%EOF" in contract_pdf[-1024:]
    assert pdf_info(contract_pdf, tmp_path)["Tagged"] == "yes"
    assert catalogue_language(contract_pdf) == "en"


def test_page_one_is_the_summary_with_the_dates_what_to_buy_and_red_flags(bench_plan: Plan, tmp_path: Path) -> None:
    """The fridge page: verdict, the next three steps, every session's date, what to buy, red flags, the
    not-a-doctor line; the details start on page 2."""
    text = pdf_text(plan_to_pdf(bench_plan, KB), tmp_path, 1)
    assert "See a doctor first A doctor (or whoever prescribed your medicine) must clear it" in text
    assert "Next steps" in text and "Wed 16 Dec 2026 — Optional: a retinol course" in text
    for session in bench_plan.sessions:
        assert f"{session.date:%a} {session.date.day} {session.date:%b %Y}" in text
    assert "Each session: Cheeks 0.5 mm, Forehead 0.25 mm, Neck 0.25 mm, Around the mouth 0.2 mm" in text
    assert "Sterile cartridges for your Derma pen (home): 10, a new one for each session." in text
    assert "Serum: Hyaluronic acid." in text
    assert "Red flags to watch" in text and "Pus, spreading warmth or redness, fever" in text
    assert NOT_A_DOCTOR in text
    assert "Why" not in text.split(NOT_A_DOCTOR)[0]  # the details are after page 1


def test_the_details_follow_and_the_sources_come_last(bench_plan: Plan, tmp_path: Path) -> None:
    """Why, zones, the steps of their own day (a repeated pause says only its new dates), what each session
    day asks said once, aftercare; then the sources."""
    pdf = plan_to_pdf(bench_plan, KB)
    text = pdf_text(pdf, tmp_path)
    order = ["The details", "Why", "Zones and needle lengths", "Steps on a day of their own", "On each session day",
             "Aftercare after every session", "Sources"]
    assert [text.index(part) for part in order] == sorted(text.index(part) for part in order)
    assert text.count("Pause retinol, vitamin C and acids") == 3
    assert text.count("Use a new sterile cartridge each session") == 1
    assert text.index("Sasaki GH") > text.index("Aftercare after every session") or "Sasaki GH" not in text
    assert int(pdf_info(pdf, tmp_path)["Pages"]) <= 5


def test_the_handout_cites_its_sources(contract_pdf: bytes, tmp_path: Path) -> None:
    """The reasons' codes, the literature with its grade, and each seed article once with its statements' codes."""
    text = pdf_text(contract_pdf, tmp_path)
    sources = text[text.rindex("Sources"):]
    assert "[B]" in sources or "[A]" in sources
    assert re.search(r"00\d, 00\d-\d\d", sources)
    assert "Consumer article" in sources


def test_a_stop_handout_says_no_sessions(tmp_path: Path) -> None:
    """Nothing is planned for stop: page 1 says so and why, with no dates, nothing to buy, nothing to watch."""
    text = pdf_text(plan_to_pdf(planned(intake(conditions=[condition("pregnancy")])), KB), tmp_path, 1)
    assert "Not now Do not start now" in text and "No sessions are planned." in text
    assert "Not during pregnancy" in text
    assert "What to buy" not in text and "Your sessions" not in text and "Red flags to watch" not in text
    assert NOT_A_DOCTOR in text


def test_zones_not_to_be_treated_get_no_needle(tmp_path: Path) -> None:
    """A zone left out of the sessions shows why, never a needle length."""
    p = planned(intake(zones=["forehead", "cheeks"], conditions=[condition("eczema", zones=["cheeks"])]))
    text = pdf_text(plan_to_pdf(p, KB), tmp_path)
    zones = text[text.index("Zones and needle lengths"):]
    cheeks = zones[zones.index("Cheeks"):zones.index("Cheeks") + 160]
    assert "mm" not in cheeks.split("Forehead")[0] and "left out" in cheeks


def test_texts_are_escaped_in_the_html() -> None:
    """Whatever a text holds is shown as text, never as markup."""
    p: Plan = planned(intake(start=date(2027, 2, 1)))
    html = plan_html(dataclasses.replace(p, warnings=(Message("<script>alert(1)</script> & more"),)), KB)
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html


@pytest.mark.parametrize("language", ["en", "ru"])
def test_page_one_renders_to_png_for_a_person_to_look_at(bench_plan: Plan, tmp_path: Path, language: str) -> None:
    """pdftoppm renders page 1 into test-artifacts/ (git-ignored); in Russian the page reads Russian."""
    token = i18n.activate(language)
    try:
        pdf = plan_to_pdf(bench_plan, KB, translate=lambda m: i18n.gettext(m, language))
    finally:
        i18n.deactivate(token)
    png = render_page_one(pdf, f"plan-page-one-{language}")
    assert png.read_bytes().startswith(b"\x89PNG")
    assert png.stat().st_size > 10_000  # a rendered page, not a blank one
    assert catalogue_language(pdf) == language
    if language == "ru":
        text = pdf_text(pdf, tmp_path, 1)
        assert "15 янв. 2027" in text and "Сначала к врачу" in text, text[:400]
