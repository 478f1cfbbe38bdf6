"""The diary dashboard: alerts from the core (a red flag first and loud), one timeline, the progress chart."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from web_builders import days_ago, device, reaction, saved_check, session, today

from mesoplan.web.records.models import SavedPlan

pytestmark = pytest.mark.django_db



def dashboard(client: Client) -> str:
    response = client.get("/diary/")
    assert response.status_code == 200
    return str(response.content.decode())


def test_an_empty_diary_says_nothing_needs_attention(client: Client, ana: User) -> None:
    html = dashboard(client)
    assert "Nothing right now." in html and "Nothing logged yet." in html


def test_a_red_flag_reaction_says_see_a_doctor_today_above_everything(client: Client, ana: User) -> None:
    logged = session(ana, date=days_ago(3))
    reaction(ana, session=logged, date=days_ago(1), symptom="infection_signs", severity=3)
    html = dashboard(client)
    alert = html.index('data-kind="red_flag"')
    assert "See a doctor today" in html[alert:alert + 400]
    assert "Signs of infection: see a doctor today." in html
    assert alert < html.index("Log a session")  # above the buttons and the other alerts
    assert 'role="alert"' in html[alert - 80:alert]


def test_an_expected_reaction_that_lasts_too_long_is_a_warning(client: Client, ana: User) -> None:
    logged = session(ana, date=days_ago(10))
    reaction(ana, session=logged, date=days_ago(4), symptom="redness", severity=2)
    html = dashboard(client)
    assert 'data-kind="reaction_prolonged"' in html and "has lasted longer than the usual 3 days" in html


def test_a_session_too_soon_for_its_needle_is_flagged(client: Client, ana: User) -> None:
    session(ana, date=days_ago(6), needle_mm="0.5")
    session(ana, date=days_ago(2), needle_mm="0.5")
    assert 'data-kind="session_too_soon"' in dashboard(client)


def test_a_reused_single_use_roller_and_a_worn_one_are_flagged(client: Client, ana: User) -> None:
    roller = device(ana, kind="dermaroller", needle_mm="0.25", uses_before=9)
    session(ana, device=roller, date=days_ago(20))
    html = dashboard(client)
    assert 'data-kind="single_use_reused"' in html and 'data-kind="device_worn"' in html


def test_the_next_session_due_is_announced(client: Client, ana: User) -> None:
    session(ana, date=days_ago(1), needle_mm="0.25")
    assert 'data-kind="session_due"' in dashboard(client)


def test_home_clinic_and_planned_sessions_share_one_timeline(client: Client, ana: User) -> None:
    session(ana, date=days_ago(30), setting="clinic", zones=["cheeks"])
    session(ana, date=days_ago(20), setting="home", zones=["forehead"])
    saved_check(ana, start=(today() + timedelta(days=10)).isoformat())
    assert SavedPlan.objects.exists()
    html = dashboard(client)
    timeline = html[html.index('class="timeline"'):]
    assert timeline.index("Clinic session") < timeline.index("Home session") < timeline.index("Planned home session")


def test_the_chart_draws_outcomes_and_reactions(client: Client, ana: User) -> None:
    first = session(ana, date=days_ago(20), outcome=4)
    session(ana, date=days_ago(5), outcome=7)
    reaction(ana, session=first, date=days_ago(19), symptom="redness", severity=2)
    reaction(ana, session=first, date=days_ago(18), symptom="blisters", severity=3)
    html = dashboard(client)
    assert 'class="outcome"' in html
    assert html.count('class="dot"') == 2
    assert html.count('class="reaction red_flag"') == 1 and html.count('class="reaction "') == 1


def test_the_diary_asked_for_in_french_says_so_in_its_html(client: Client, ana: User) -> None:
    response = client.get("/diary/", HTTP_ACCEPT_LANGUAGE="fr")
    assert '<html lang="fr">' in response.content.decode()


def test_a_reaction_rated_severe_is_a_red_dot_on_the_reactions_own_scale(client: Client, ana: User) -> None:
    logged = session(ana, date=days_ago(3), outcome=8)
    reaction(ana, session=logged, date=days_ago(2), symptom="redness", severity=5)
    html = dashboard(client)
    assert html.count('class="reaction red_flag"') == 1
    assert "How happy (0–10)" in html and "Reactions: how bad (1 mild – 5 severe)" in html


def test_the_progress_chart_shows_twelve_months_and_earlier_ones_on_request(client: Client, ana: User) -> None:
    session(ana, date=days_ago(3), outcome=8)
    session(ana, date=days_ago(500), outcome=2)
    recent = client.get("/diary/progress/").content.decode()
    assert recent.count('class="dot"') == 1 and "Twelve months earlier" in recent
    earlier = client.get(f"/diary/progress/?until={days_ago(400).isoformat()}").content.decode()
    assert earlier.count('class="dot"') == 1 and "Twelve months later" in earlier


@pytest.mark.parametrize("until", ["yesterday", "0001-01-01", "2026-02-30", "9" * 30])
def test_a_window_that_is_not_a_date_shows_the_last_twelve_months_and_says_so(client: Client, ana: User,
                                                                               until: str) -> None:
    response = client.get("/diary/progress/", {"until": until})
    assert response.status_code == 200 and "is not a date" in response.content.decode()
