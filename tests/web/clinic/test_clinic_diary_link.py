"""A linked client's signed clinic sessions show on their own diary, beside their home sessions."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from clinic_world import Side
from django.contrib.auth.models import User
from django.test import Client as Browser
from django.utils import timezone
from web_builders import person, session

from mesoplan.web.diary import hooks, review

pytestmark = pytest.mark.django_db


def _timeline(html: str) -> str:
    return html[html.index('class="timeline"'):]


def test_the_signed_clinic_session_is_on_the_clients_diary_timeline(client: Browser, ours: Side, ana: User) -> None:
    client.force_login(ana)
    timeline = _timeline(client.get("/diary/").content.decode())
    assert len(re.findall(r'<li class="session clinic">', timeline)) == 1  # the signed one, not the draft
    assert "Clinic session" in timeline and "Forehead" in timeline


def test_a_home_session_two_days_after_a_clinic_session_is_too_soon(ours: Side, ana: User) -> None:
    session(ana, date=ours.session.date + timedelta(days=2), zones=["forehead"], needle_mm="0.5")
    kinds = [a.kind for a in review.review(ana, timezone.localdate()).alerts]
    assert "session_too_soon" in kinds


def test_nobody_else_sees_the_clinic_session(client: Browser, ours: Side, ana: User) -> None:
    client.force_login(person("bob"))
    assert "Clinic session" not in client.get("/diary/").content.decode()


def test_an_unlinked_client_changes_nobodys_diary(ours: Side) -> None:
    assert ours.client.user is None
    assert hooks.linked_sessions(ours.practitioner) == []
