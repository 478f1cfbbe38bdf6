"""The policy page's last word (the core refusing a value the form let through) reads in the admin's
language, naming the row of the page it is about."""

from __future__ import annotations

from html import unescape

import pytest
from clinic_world import Side
from django import forms
from django.test import Client as Browser
from test_clinic_policy_page import page_url, the_form

from mesoplan.web.clinic.forms.policy import PolicyForm
from mesoplan.web.clinic.models import ClinicPolicy

pytestmark = pytest.mark.django_db


@pytest.fixture
def form_without_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    # As if the form's own check had missed the bounds: the core refuses the value itself.
    monkeypatch.setattr(PolicyForm, "clean", forms.Form.clean)


@pytest.mark.parametrize(("language", "words"), [
    ("en", "Isotretinoin (Roaccutane, Accutane): expected from 3 months to 12 months (the knowledge base's bounds), "
           "got 30 months"),
    ("ru", "Изотретиноин (Роаккутан, Акнекутан): допустимый диапазон: 3 месяца — 12 месяцев (границы базы знаний), "
           "указано: 30 месяцев"),
    ("fr", "Isotrétinoïne (Roaccutane, Curacné)\u00a0: valeur attendue de 3 mois à 12 mois (les bornes de la base "
           "de connaissances), reçue\u00a0: 30 mois"),
])
def test_a_wait_the_core_refuses_is_said_in_the_admins_language(
        client: Browser, ours: Side, form_without_bounds: None, language: str, words: str) -> None:
    client.force_login(ours.admin)
    response = client.post(page_url(ours), the_form(w_isotretinoin_washout=30), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert words in html
    assert not ClinicPolicy.objects.exists()
