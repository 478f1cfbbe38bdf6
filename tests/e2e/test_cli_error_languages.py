"""Bad input on the command line: one line, starting with the field's path, then the field as a person
sees it and what is wrong, in the language of `--lang`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from factories import intake

MESOPLAN = Path(sys.executable).with_name("mesoplan")


def mesoplan(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    return subprocess.run([str(MESOPLAN), *args], capture_output=True, text=True, timeout=60, check=False,
                          env={**clean, **env})


def write(tmp_path: Path, data: object) -> str:
    path = tmp_path / "intake.json"
    path.write_text(json.dumps(data, default=str), encoding="utf-8")
    return str(path)


def test_a_last_dose_in_the_future_is_refused_in_russian(tmp_path: Path) -> None:
    data = intake(medications=[{"id": "isotretinoin", "stopped": "2199-01-01"}])
    done = mesoplan("screen", "--lang", "ru", write(tmp_path, data))
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.strip() == ("ошибка: medications[0].stopped: Изотретиноин (Роаккутан, Акнекутан): "
                                   "последний приём: эта дата ещё не наступила: укажите день, когда вы приняли "
                                   "последнюю дозу")


def test_an_impossible_age_is_refused_in_french(tmp_path: Path) -> None:
    done = mesoplan("plan", write(tmp_path, intake(person={"age": 200})), LANG="fr_FR.UTF-8")
    assert done.returncode == 2
    assert done.stderr.strip() == "erreur\u00a0: person.age: Âge\u00a0: saisissez un nombre entier de 0 à 120"


def test_a_file_that_is_not_json_or_yaml_is_named_in_english(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("setting: [home\n", encoding="utf-8")
    done = mesoplan("screen", str(path))
    assert done.returncode == 2
    assert done.stderr.strip() == "error: INTAKE: The intake file: this is not valid JSON or YAML (line 2)"


def test_an_unknown_knowledge_kind_is_a_usage_error_in_russian() -> None:
    done = mesoplan("knowledge", "show", "zonez", LANG="ru_RU.UTF-8")
    assert done.returncode == 2
    assert done.stderr.startswith("ошибка: KIND: неизвестный раздел «zonez»; доступны: ")
    assert "(did you mean: zones?)" not in done.stderr


def test_a_calendar_that_cannot_be_written_is_a_usage_error_in_french(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "plan.ics"
    done = mesoplan("plan", "--lang", "fr", "--ics", str(target), write(tmp_path, intake()))
    assert done.returncode == 2
    assert done.stderr.startswith(f"erreur\u00a0: --ics: impossible d'écrire «\u00a0{target}\u00a0»\u00a0: ")
