"""The logged-in home: the next session (as the gate allows it), today's steps, what comes next, the
diary's open alerts and the progress so far; a visitor still gets the page about mesoplan."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from web_builders import days_ago, intake, person, reaction, saved_check, session, today

from mesoplan.web.front.display import long_date
from mesoplan.web.selfcheck import saving

pytestmark = pytest.mark.django_db


def section(page: str, name: str) -> str:
    return page.split(f'id="{name}"')[1].split("</section>")[0]


def test_a_visitor_gets_the_page_about_mesoplan(client: Client) -> None:
    page = client.get("/").content.decode()
    assert "it does not replace a doctor" in page and 'id="next-session"' not in page


def test_a_person_without_a_plan_is_led_to_the_self_check(client: Client) -> None:
    client.force_login(person("ana"))
    page = client.get("/").content.decode()
    assert "No saved plan yet" in section(page, "no-plan") and "/check/" in section(page, "no-plan")


def test_the_home_shows_the_next_session_and_what_comes_next(client: Client) -> None:
    ana = person("ana")
    saved_check(ana)  # sessions from a week ahead
    client.force_login(ana)
    page = client.get("/").content.decode()
    first = today() + timedelta(days=7)
    assert f"On {long_date(first)}" in section(page, "next-session")
    assert "Session 1 of" in section(page, "next-session")
    assert "On hold" not in page
    assert section(page, "coming").count("<li>") == 3
    assert "0 sessions logged in your diary · 8 sessions in your plan" in section(page, "progress")


def test_todays_steps_are_on_the_home(client: Client) -> None:
    ana = person("ana")
    start = today() + timedelta(days=7)
    saving.create(ana, "Pause", intake(start=start.isoformat(), medications=[{"id": "fish_oil"}]), today())
    client.force_login(ana)
    page = client.get("/").content.decode()
    assert "Pause blood-thinning supplements" in section(page, "today")


def test_an_open_red_flag_puts_the_next_session_on_hold_with_why(client: Client) -> None:
    ana = person("ana")
    saved_check(ana)
    logged = session(ana, date=days_ago(3))
    reaction(ana, session=logged, date=days_ago(1), symptom="infection_signs", severity=3)
    client.force_login(ana)
    page = client.get("/").content.decode()
    next_session = section(page, "next-session")
    assert "On hold" in next_session and "Not allowed" in next_session
    assert 'data-kind="red_flag"' in page.split('id="today"')[0]  # urgent, above everything
    assert "1 session logged in your diary" in section(page, "progress")


def test_the_home_speaks_the_persons_language(client: Client) -> None:
    from mesoplan.web.accounts.models import save_language

    ana = person("ana")
    save_language(ana, "fr")
    saved_check(ana)
    client.force_login(ana)
    page = client.get("/").content.decode()
    assert "Séance 1 sur" in section(page, "next-session")


def test_a_clinic_member_finds_the_clinic_from_the_home_and_a_home_user_does_not(client: Client) -> None:
    from web.clinic.clinic_builders import clinic, member

    dora = member(clinic(), "practitioner", "dora")
    client.force_login(dora)
    assert 'id="clinic-link"' in client.get("/").content.decode()
    client.force_login(person("ana"))
    assert 'id="clinic-link"' not in client.get("/").content.decode()
