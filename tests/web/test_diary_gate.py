"""The home diary asks the gate too: a session logged against the saved check is recorded and raises an
alert (decisions item 11), on the page and through the API, never refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from web_builders import saved_check, today

from mesoplan.web.records.models import Session

pytestmark = pytest.mark.django_db


def _log(client: Client, **fields: str) -> None:
    data = {"date": today().isoformat(), "setting": "home", "zones": ["forehead"], "needle_mm": "0.25", **fields}
    response = client.post("/diary/sessions/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_a_session_logged_during_the_isotretinoin_wait_is_kept_and_alerted(client: Client, ana: User) -> None:
    stopped = (today() - timedelta(days=60)).isoformat()
    saved_check(ana, medications=[{"id": "isotretinoin", "stopped": stopped}])
    _log(client)
    assert Session.objects.filter(owner=ana).count() == 1
    html = client.get("/diary/").content.decode()
    alert = html.index('data-kind="session_not_allowed"')
    assert "Your saved check did not allow this session" in html[alert:alert + 600]
    assert 'role="alert"' in html[alert - 120:alert]
    api = client.get("/api/alerts").json()
    assert [a["kind"] for a in api if a["level"] == "urgent"] == ["session_not_allowed"]


def test_a_session_three_days_after_a_toxin_in_the_same_zone_is_alerted(client: Client, ana: User) -> None:
    saved_check(ana, procedures=[{"id": "botulinum_toxin", "date": (today() - timedelta(days=3)).isoformat(),
                                  "zones": ["forehead"]}])
    _log(client)
    assert 'data-kind="session_not_allowed"' in client.get("/diary/").content.decode()


def test_a_session_with_the_serum_the_person_is_allergic_to_is_alerted(client: Client, ana: User) -> None:
    saved_check(ana, allergies=["hyaluronic_acid"])
    _log(client, serum="hyaluronic_acid")
    html = client.get("/diary/").content.decode()
    assert "Hyaluronic acid: the screening rules this product out" in html


def test_a_session_the_saved_check_allows_raises_no_gate_alert(client: Client, ana: User) -> None:
    saved_check(ana)
    _log(client)
    html = client.get("/diary/").content.decode()
    assert "session_not_allowed" not in html and "session_needs_clearance" not in html
