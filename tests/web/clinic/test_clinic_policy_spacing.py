"""The clinic policy page sets the days between clinic sessions per needle band (issue 13): lengthen only,
up to the knowledge base's ceiling; saving re-plans the clinic's clients, whose sessions move apart."""

from __future__ import annotations

from itertools import pairwise

import pytest
from clinic_builders import client_of, clinic_intake
from clinic_world import Side
from django.test import Client as Browser
from test_clinic_policy_page import field_html, page_url, the_form

from mesoplan.web.clinic.models import Client, ClinicPolicy

pytestmark = pytest.mark.django_db


def session_gaps(row: Client) -> set[int]:
    days = [e.date for e in row.planned_events.filter(kind="session").order_by("position")]
    return {(b - a).days for a, b in pairwise(days)}


def test_the_page_shows_each_bands_spacing_with_its_ceiling_and_sources(client: Browser, ours: Side) -> None:
    client.force_login(ours.admin)
    html = client.get(page_url(ours)).content.decode()
    card = field_html(html, "i_1_0")
    assert "Needles up to 1 mm" in card and "Shipped: 14 days. Allowed: 14 to 42 days." in card
    assert ">D7<" in card
    assert 'id="field-i_3_0"' not in html  # already at the ceiling: nothing to choose


@pytest.mark.usefixtures("immediate_tasks")  # the queued re-screen runs at once
def test_an_admin_sets_five_weeks_for_deep_needles_and_the_clients_sessions_move_apart(
        client: Browser, ours: Side) -> None:
    row = client_of(ours.organisation, "Scar Client", intake=clinic_intake(zones=["cheeks"], goals=["acne_scars"]))
    assert session_gaps(row) == {28}
    client.force_login(ours.admin)
    html = client.post(page_url(ours), the_form(i_1_5=35), follow=True).content.decode()
    assert "Policy saved. It reaches 2 of 2 clients." in html and "Re-screen queued" in html
    row.refresh_from_db()
    assert session_gaps(row) == {35}
    assert ClinicPolicy.objects.get(organisation=ours.organisation).data == {"intervals": {"1.5": 35}}
    assert field_html(html, "i_1_5").count('value="35"') == 1


@pytest.mark.parametrize(("value", "message"), [
    ("10", "choose from 14 to 42 days between sessions. A clinic may lengthen the knowledge base's spacing, "
           "not shorten it."),
    ("43", "choose from 14 to 42 days between sessions."),
    ("three weeks", "Give the days between sessions as a whole number."),
])
def test_a_spacing_outside_the_bounds_or_not_a_number_is_refused_by_its_field(
        client: Browser, ours: Side, value: str, message: str) -> None:
    client.force_login(ours.admin)
    response = client.post(page_url(ours), the_form(i_1_0=value))
    assert message in field_html(response.content.decode(), "i_1_0")
    assert not ClinicPolicy.objects.exists()


def test_the_preview_of_a_spacing_change_counts_every_client_with_an_intake(client: Browser, ours: Side) -> None:
    client_of(ours.organisation, "Forehead only", intake=clinic_intake(zones=["forehead"]))
    client.force_login(ours.admin)
    html = client.post(page_url(ours), the_form("preview", i_0_5=10)).content.decode()
    assert "This change reaches 2 of 2 clients." in html
    assert not ClinicPolicy.objects.exists()
