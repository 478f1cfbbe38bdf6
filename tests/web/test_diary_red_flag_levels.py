"""The diary's reaction form asks about allergic reactions and delayed lumps, and a red flag's alert says
how urgent it is: call emergency services now, see a doctor today, or in the coming days (issue 13)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from web_builders import days_ago, reaction, session

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("symptom", ["breathing_difficulty", "lip_eyelid_swelling", "hives", "allergic_reaction",
                                     "blue_lips_after_numbing", "fever_unwell", "eye_pain_vision", "granulomas"])
def test_the_reaction_form_offers_each_allergic_and_delayed_reaction(client: Client, ana: User, symptom: str) -> None:
    html = client.get("/diary/reactions/new/").content.decode()
    assert f'value="{symptom}"' in html


@pytest.mark.parametrize(("symptom", "title"), [
    ("breathing_difficulty", "Call emergency services now"),
    ("hives", "See a doctor today"),
    ("granulomas", "See a doctor in the coming days"),
])
def test_a_red_flag_on_the_dashboard_says_how_urgent_it_is(client: Client, ana: User, symptom: str,
                                                           title: str) -> None:
    logged = session(ana, date=days_ago(5))
    reaction(ana, session=logged, date=days_ago(1), symptom=symptom, severity=2)
    html = client.get("/diary/").content.decode()
    alert = html.index('data-kind="red_flag"')
    assert title in html[alert:alert + 400]
