"""Choosing the protocol of a client's course on the intake: the page lists the protocols the screening allows
(with their sources), the plan is made again with the one chosen, and the re-screen plans each client with
their own protocol (it is part of what two clients must share to share a plan)."""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from typing import Any

import pytest
from clinic_builders import client_of, clinic_intake
from clinic_world import Side
from django.test import Client as Browser

from mesoplan.web.clinic import policies, snapshot
from mesoplan.web.clinic.models import Client
from mesoplan.web.clinic.rescreen import rescreen_all

pytestmark = pytest.mark.django_db


def _sessions(row: Client) -> list[date]:
    return [e.date for e in row.planned_events.filter(kind="session").order_by("date")]


def _practitioner(side: Side) -> Browser:
    browser = Browser()
    browser.force_login(side.practitioner)
    return browser


def test_the_practitioner_chooses_the_quick_start_course_and_the_plan_follows_it(ours: Side) -> None:
    row = client_of(ours.organisation, "Irina Petrova", by=ours.practitioner, intake=clinic_intake())
    before = _sessions(row)
    browser = _practitioner(ours)
    page = browser.get(f"/clinic/clients/{row.pk}/protocol/").content.decode()
    assert "Quick-start course: three sessions a month apart" in page and 'class="sources"' in page
    assert "Home course" not in page  # the intake is a clinic's: a home protocol is not offered
    assert browser.post(f"/clinic/clients/{row.pk}/protocol/", {"protocol": "quick_course"}).status_code == 302
    row.refresh_from_db()
    after = _sessions(row)
    assert row.protocol == "quick_course" and after != before
    assert min((b - a).days for a, b in pairwise(after)) >= 28
    client_page = browser.get(f"/clinic/clients/{row.pk}/").content.decode()
    assert "Quick-start course" in client_page.split('id="plan-protocol"')[1].split("</p>")[0]


def test_a_protocol_the_page_does_not_offer_is_refused_and_nothing_changes(ours: Side) -> None:
    row = client_of(ours.organisation, "Irina Petrova", by=ours.practitioner, intake=clinic_intake())
    before = (_sessions(row), row.plan_digest)
    response = _practitioner(ours).post(f"/clinic/clients/{row.pk}/protocol/", {"protocol": "home_course"})
    assert response.status_code == 200 and "Choose one of the protocols listed." in response.content.decode()
    row.refresh_from_db()
    assert (_sessions(row), row.plan_digest, row.protocol) == (*before, "")


def _fresh(row: Client) -> tuple[Any, ...]:
    taken = snapshot.take(row.intake, row.organisation_id, row.intake_taken_on, row.protocol)
    return taken.plan_digest, [e.date for e in snapshot.stored_events(taken.events) if e.kind == "session"]


def test_the_rescreen_plans_two_clients_with_one_intake_each_with_their_own_protocol(ours: Side) -> None:
    intake = clinic_intake(zones=["cheeks"])
    six = client_of(ours.organisation, "Six Sessions", by=ours.practitioner, intake=intake)
    three = client_of(ours.organisation, "Three Sessions", by=ours.practitioner, intake=intake)
    _practitioner(ours).post(f"/clinic/clients/{three.pk}/protocol/", {"protocol": "quick_course"})
    policies.set_policy(ours.organisation, {"needle_max": {"cheeks": {"clinic": 0.5}}}, ours.admin)  # replans both
    rescreen_all(ours.organisation)
    for row in (six, three):
        row.refresh_from_db()
        assert (row.plan_digest, _sessions(row)) == _fresh(row)
    assert len(_sessions(six)) != len(_sessions(three))
