"""The printable handout: a real PDF whose text a person (and pdftotext) can read, rendered to PNG to look at."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from datetime import date
from pathlib import Path

import pytest

from factories import REPO, condition, contract_example, intake
from mesoplan.core.plan_model import Message, Plan
from mesoplan.exports.pdf import plan_html, plan_to_pdf
from plan_factories import KB, planned

ARTIFACTS = REPO / "test-artifacts"
NOT_A_DOCTOR = "mesoplan supports your decision; it does not replace a doctor."


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    """The PDF's text as pdftotext (poppler) extracts it, with runs of white space made single spaces."""
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf)
    run = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, timeout=60,
                         check=True)
    return re.sub(r"\s+", " ", run.stdout)


@pytest.fixture(scope="module")
def contract_pdf() -> bytes:
    """The handout of the contract's example intake (consult, isotretinoin until 1 Feb 2027)."""
    return plan_to_pdf(planned(contract_example()), KB)


def test_the_handout_is_a_pdf(contract_pdf: bytes) -> None:
    """WeasyPrint wrote a PDF document."""
    assert contract_pdf.startswith(b"%PDF-")
    assert b"%%EOF" in contract_pdf[-1024:]


def test_the_handout_reads_verdict_zones_sessions_red_flags_and_the_not_a_doctor_line(contract_pdf: bytes,
                                                                                       tmp_path: Path) -> None:
    """Verdict first, a zone row, the first session's date, a red flag, and the not-a-doctor line."""
    text = pdf_text(contract_pdf, tmp_path)
    assert text.index("See a doctor first") < text.index("Your timeline")
    assert "Around the eyes CONSULT 0.2 mm 0.25 mm 2027-02-01" in text
    assert "Mon 01 Feb 2027" in text and "Session 1 of 8" in text
    assert "Pus, spreading warmth or redness, fever" in text
    assert NOT_A_DOCTOR in text
    assert "Cheeks is left out of the sessions until a doctor clears it (Eczema)" in text


def test_the_handout_cites_its_sources(contract_pdf: bytes, tmp_path: Path) -> None:
    """Seed facts and references with their grades, as the plan cites them."""
    text = pdf_text(contract_pdf, tmp_path)
    assert "000-13" in text and "Sasaki GH. Significance of trans-epidermal water loss" in text
    assert "[B]" in text


def test_a_stop_handout_says_no_sessions(tmp_path: Path) -> None:
    """Nothing is planned for stop, and the handout says so rather than showing an empty table."""
    text = pdf_text(plan_to_pdf(planned(intake(conditions=[condition("pregnancy")])), KB), tmp_path)
    assert "Not now: do not start" in text and "No sessions are planned." in text
    assert NOT_A_DOCTOR in text


def test_texts_are_escaped_in_the_html() -> None:
    """Whatever a text holds is shown as text, never as markup."""
    p: Plan = planned(intake(start=date(2027, 2, 1)))
    html = plan_html(dataclasses.replace(p, warnings=(Message("<script>alert(1)</script> & more"),)), KB)
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html


def test_page_one_renders_to_png_for_a_person_to_look_at(contract_pdf: bytes) -> None:
    """pdftoppm renders page 1 into test-artifacts/ (git-ignored), where a reviewer opens it."""
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / "plan-contract-example.pdf"
    pdf.write_bytes(contract_pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(ARTIFACTS / "plan-contract-example")], check=True, timeout=60)
    png = ARTIFACTS / "plan-contract-example.png"
    assert png.read_bytes().startswith(b"\x89PNG")
    assert png.stat().st_size > 10_000  # a rendered page, not a blank one
