"""`mesoplan screen` and `plan` in Russian and French: `--lang`, or the usual locale variables."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from factories import CONTRACT_EXAMPLE

MESOPLAN = Path(sys.executable).with_name("mesoplan")
# Words of the English answer that must not survive a translation (source codes and ids may).
ENGLISH = re.compile(r"\b(the|and|your|with|before|after|until|doctor|needle|session|wait)\b", re.I)


def mesoplan(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    return subprocess.run([str(MESOPLAN), *args], capture_output=True, text=True, timeout=60, check=False,
                          env={**clean, **env})


def test_screen_in_russian_prints_the_whole_answer_in_russian() -> None:
    done = mesoplan("screen", "--lang", "ru", str(CONTRACT_EXAMPLE))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("СНАЧАЛА К ВРАЧУ")
    assert "до 1 февраля 2027\u202fг." in done.stdout  # the isotretinoin wait, its month in the genitive
    assert "источники: R10, R4, G1, G2, G3" in done.stdout
    assert "Зона вокруг глаз" in done.stdout and "макс. 0,25, рекомендуется 0,2" in done.stdout
    assert lines[-1].startswith("mesoplan помогает вам принять решение")
    assert not ENGLISH.findall(done.stdout)


def test_screen_in_french_follows_the_locale_variables() -> None:
    done = mesoplan("screen", str(CONTRACT_EXAMPLE), LANG="fr_FR.UTF-8")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("VOYEZ D'ABORD UN MÉDECIN")
    assert "jusqu'au 1 février 2027" in done.stdout
    assert "ne l'arrêtez pas" in done.stdout  # a prescribed aspirin: sent to the prescriber, never stopped
    assert not ENGLISH.findall(done.stdout)


def test_lang_wins_over_the_locale_variables_and_language_lists_are_read_in_order() -> None:
    assert mesoplan("screen", "--lang", "en", str(CONTRACT_EXAMPLE), LANG="ru_RU.UTF-8").stdout.startswith(
        "SEE A DOCTOR FIRST")
    assert mesoplan("screen", str(CONTRACT_EXAMPLE), LANGUAGE="de:fr", LANG="ru_RU.UTF-8").stdout.startswith(
        "VOYEZ D'ABORD")


def test_the_plan_in_russian_dates_its_timeline_in_russian() -> None:
    done = mesoplan("plan", "--lang", "ru", str(CONTRACT_EXAMPLE))
    assert done.returncode == 0, done.stderr
    assert "Первый сеанс: 1 февраля 2027\u202fг." in done.stdout
    assert "пн 1 февр. 2027" in done.stdout
    assert "ОЖИДАЕТ РАЗРЕШЕНИЯ" in done.stdout


def test_an_unknown_language_is_bad_input_naming_the_option() -> None:
    done = mesoplan("screen", "--lang", "de", str(CONTRACT_EXAMPLE))
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("error: --lang: unknown language “de” (use one of: en, ru, fr)")


def test_the_french_handout_and_calendar_read_french(tmp_path: Path) -> None:
    """pdftotext of the handout and the calendar's events: verdict, dates and sessions in French."""
    pdf, ics = tmp_path / "plan.pdf", tmp_path / "plan.ics"
    done = mesoplan("plan", "--lang", "fr", str(CONTRACT_EXAMPLE), "--pdf", str(pdf), "--ics", str(ics))
    assert done.returncode == 0, done.stderr
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout  # pdftotext writes no-break spaces as spaces
    assert "Voyez d'abord un médecin" in text
    assert "1 février 2027" in text and "Séance 1 sur 8" in text
    assert "Signes d'alerte : consultez un médecin immédiatement" in text
    body = text[:text.index("Sources\n")] if "Sources\n" in text else text  # citations stay as published
    assert not ENGLISH.findall(body), ENGLISH.findall(body)[:5]
    calendar = ics.read_text(encoding="utf-8").replace("\r\n ", "").replace("\\,", ",")
    assert "SUMMARY:[en attente d'accord] Séance 1 sur 8 — Front 0,5 mm" in calendar
