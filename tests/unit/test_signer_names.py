"""Who signs a consent: the typed name against the client's, and the age below which a guardian signs."""

from __future__ import annotations

from datetime import date

import pytest

from mesoplan import services
from mesoplan.core import signer


@pytest.mark.parametrize("typed", ["Claire Martin", "claire martin", "MARTIN Claire", "  Claire   Martin ",
                                   "Clairé Martin", "Martin, Claire"])
def test_the_clients_name_is_recognised_whatever_the_case_accents_spacing_and_order(typed: str) -> None:
    assert signer.same_name(typed, "Claire Martin")


@pytest.mark.parametrize(("typed", "on_record"), [
    ("Someone Else", "Claire Martin"),
    ("Claire", "Claire Martin"),
    ("Claire Martin Dupont", "Claire Martin"),
    ("Maria Ivanova", "Мария Иванова"),  # Latin and Cyrillic are compared as written
    ("", "Claire Martin"),
])
def test_another_name_is_not_the_clients(typed: str, on_record: str) -> None:
    assert not signer.same_name(typed, on_record)


def test_cyrillic_names_match_in_any_case_and_order() -> None:
    assert signer.same_name("ИВАНОВА мария", "Мария Иванова")
    assert signer.same_name("Hélène Dupont-Moret", "dupont moret helene")


def test_the_guardian_age_comes_from_the_knowledge_bases_minor_rule() -> None:
    kb = services.knowledge()
    assert signer.guardian_age(kb) == 18
    assert signer.is_minor(date(2010, 6, 2), date(2026, 6, 1), kb)
    assert not signer.is_minor(date(2008, 6, 1), date(2026, 6, 1), kb)
    assert not signer.is_minor(None, date(2026, 6, 1), kb)


def test_the_day_before_a_birthday_the_age_is_a_year_less() -> None:
    assert signer.age_on(date(2000, 3, 4), date(2018, 3, 3)) == 17
    assert signer.age_on(date(2000, 3, 4), date(2018, 3, 4)) == 18
