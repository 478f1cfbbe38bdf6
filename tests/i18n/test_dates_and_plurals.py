"""Dates, waiting times and numbers written as each language writes them."""

from __future__ import annotations

from datetime import date

import pytest

from mesoplan.core.dates import Period
from mesoplan.i18n import long_date, number_text, period_text, shipped

DAY = date(2026, 12, 1)


@pytest.mark.parametrize(("language", "written"), [
    ("en", "1 December 2026"), ("ru", "1 декабря 2026\u202fг."), ("fr", "1 décembre 2026")])
def test_a_date_is_written_out_with_the_month_in_the_right_case(language: str, written: str) -> None:
    """Russian puts the month in the genitive ("декабря", never "Декабрь"), and a narrow no-break space before "г."."""
    assert long_date(DAY, language) == written


@pytest.mark.parametrize(("amount", "russian"), [(1, "1 неделя"), (2, "2 недели"), (5, "5 недель"),
                                                 (21, "21 неделя"), (11, "11 недель")])
def test_russian_waiting_times_take_the_plural_the_number_asks_for(amount: int, russian: str) -> None:
    assert period_text(Period(amount, "weeks"), "ru") == russian


def test_waiting_times_in_french_and_english() -> None:
    assert period_text(Period(1, "days"), "fr") == "1 jour"
    assert period_text(Period(6, "months"), "fr") == "6 mois"
    assert period_text(Period(2, "weeks"), "en") == "2 weeks"


def test_russian_and_french_write_a_decimal_comma() -> None:
    assert (number_text(0.5, "ru"), number_text(0.25, "fr"), number_text(0.5, "en")) == ("0,5", "0,25", "0.5")


@pytest.mark.parametrize(("setting", "language"), [
    ("ru_RU.UTF-8", "ru"), ("fr-FR", "fr"), ("fr_CA", "fr"), ("en_GB.UTF-8", "en"), ("de_DE.UTF-8", None),
    ("C", None), ("", None)])
def test_a_locale_setting_names_a_shipped_language_or_none(setting: str, language: str | None) -> None:
    assert shipped(setting) == language
