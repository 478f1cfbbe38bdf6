"""New input: answers no one can give are refused, every problem is found at once, each named as a person
sees the field; an intake stored before these refusals still reads."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from factories import intake, medication
from mesoplan import i18n, services
from mesoplan.errors import IntakeError

TODAY = date(2026, 12, 3)


def refused(data: Any) -> IntakeError:
    with pytest.raises(IntakeError) as caught:
        services.parse_new_intake(data, TODAY)
    return caught.value


def in_words(error: IntakeError, language: str = "en") -> str:
    return i18n.error_text(error, lambda m: i18n.gettext(m, language), language)


def test_a_last_dose_in_the_future_is_refused_and_named_by_the_medicine() -> None:
    data = intake(medications=[medication("aspirin"), medication("isotretinoin", stopped=date(2026, 12, 10))])
    error = refused(data)
    assert error.field == "medications[1].stopped"
    assert in_words(error) == ("Last dose of Isotretinoin (Roaccutane, Accutane): the date is in the future: "
                               "enter the day you took the last dose")


def test_the_same_intake_stored_before_the_refusal_still_reads() -> None:
    """Decisions item 10: the refusal is for new input; a stored intake is read as it always was."""
    data = intake(medications=[medication("isotretinoin", stopped=date(2026, 12, 10))])
    assert services.parse_intake(data).medications[0].stopped == date(2026, 12, 10)


@pytest.mark.parametrize(("change", "field", "words"), [
    ({"device": {"kind": "dermaroller", "needle_mm": 0.5, "first_used": "2027-01-01"}}, "device.first_used",
     "Device first used on: the date is in the future"),
    ({"conditions": [{"id": "eczema", "since": "2026-10-01", "until": "2026-09-01"}]}, "conditions[0].until",
     "End of Eczema: the end (1 September 2026) is before the start (1 October 2026)"),
    ({"person": {"sex": "male", "pregnant": True}}, "person.pregnant",
     "Pregnant: pregnancy is ticked and the sex is male"),
])
def test_impossible_answers_are_refused_naming_the_field(change: dict[str, Any], field: str, words: str) -> None:
    error = refused(intake(**change))
    assert error.field == field
    assert in_words(error).startswith(words)


def test_a_last_dose_today_and_a_device_first_used_today_are_accepted() -> None:
    data = intake(medications=[medication("isotretinoin", stopped=TODAY)],
                  device={"kind": "dermaroller", "needle_mm": 0.5, "first_used": TODAY.isoformat()})
    assert services.parse_new_intake(data, TODAY).device is not None


def test_every_problem_of_an_intake_is_found_in_one_reading() -> None:
    data = intake(zones=[], person={"age": 200, "sex": "male", "pregnant": True},
                  medications=[medication("isotretinoin", stopped=date(2027, 1, 1)),
                               medication("antibiotic", stopped=date(2026, 11, 1), until=date(2026, 11, 30))],
                  device={"kind": "dermaroller", "needle_mm": 7, "first_used": "2027-01-01"})
    found = services.intake_problems(data, TODAY)
    assert [e.field for e in found] == ["zones", "person.age", "medications[1].until", "device.needle_mm",
                                       "person.pregnant", "medications[0].stopped", "device.first_used"]
    assert in_words(found[1]) == "Age: enter a whole number from 0 to 120"
    assert in_words(found[2]).startswith("Planned last dose of Antibiotics: give either the day")


def test_a_valid_intake_has_no_problems() -> None:
    assert services.intake_problems(intake(), TODAY) == ()


@pytest.mark.parametrize(("language", "words"), [
    ("ru", "Изотретиноин (Роаккутан, Акнекутан): последний приём: эта дата ещё не наступила"),
    ("fr", "Isotrétinoïne (Roaccutane, Curacné)\u00a0: dernière prise\u00a0: cette date est dans le futur"),
])
def test_the_error_reads_in_russian_and_french(language: str, words: str) -> None:
    error = refused(intake(medications=[medication("isotretinoin", stopped=date(2026, 12, 10))]))
    assert in_words(error, language).startswith(words)


def test_numbers_and_dates_in_an_error_follow_the_language() -> None:
    error = refused(intake(start="1850-01-01"))
    assert in_words(error, "ru") == "Первый сеанс: введите дату с 1 января 1900\u202fг. по 31 декабря 2199\u202fг."
    needle = refused(intake(device={"kind": "dermaroller", "needle_mm": 9}))
    assert in_words(needle, "fr").endswith("d'au plus 5 mm")
