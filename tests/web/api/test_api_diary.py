"""The caller's diary over the API: the pages' own checks, and nobody else's entries."""

from __future__ import annotations

from typing import Any

import pytest
from api_helpers import ApiClient, assert_error
from django.contrib.auth.models import User
from web_builders import days_ago, device, person, reaction, session

from mesoplan.web.records.models import Device, Reaction, Session

pytestmark = pytest.mark.django_db


def a_device(**fields: Any) -> dict[str, Any]:
    return {"kind": "derma_pen", "label": "Pen", "needle_mm": 0.25, "first_used": days_ago(30).isoformat(), **fields}


def a_session(**fields: Any) -> dict[str, Any]:
    return {"date": days_ago(2).isoformat(), "setting": "home", "zones": ["forehead", "cheeks"], **fields}


def test_a_device_is_added_read_replaced_and_deleted(ana_api: ApiClient, ana_user: User) -> None:
    added = ana_api.post("/api/devices", a_device())
    assert added.status_code == 201, added.content
    row = added.json()
    assert (row["kind"], row["needle_mm"], row["uses_before"], row["retired_on"]) == ("derma_pen", 0.25, 0, None)
    assert Device.objects.get(pk=row["id"]).owner == ana_user
    assert ana_api.get(f"/api/devices/{row['id']}").json() == row
    replaced = ana_api.put(f"/api/devices/{row['id']}", a_device(label="Old pen", retired_on=days_ago(1).isoformat()))
    assert replaced.status_code == 200 and replaced.json()["label"] == "Old pen"
    assert [d["id"] for d in ana_api.get("/api/devices").json()] == [row["id"]]
    assert ana_api.delete(f"/api/devices/{row['id']}").status_code == 204
    assert not Device.objects.exists()


def test_a_session_is_logged_with_ones_own_device(ana_api: ApiClient, ana_user: User) -> None:
    pen = device(ana_user)
    response = ana_api.post("/api/sessions", a_session(device=pen.pk, passes=4, serum="hyaluronic_acid", outcome=7))
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["device"], body["zones"], body["serum"], body["outcome"]) == \
        (pen.pk, ["forehead", "cheeks"], "hyaluronic_acid", 7)
    assert ana_api.get("/api/sessions").json() == [body]


def test_a_reaction_after_a_session_is_dated_by_the_days_after(ana_api: ApiClient, ana_user: User) -> None:
    logged = session(ana_user, date=days_ago(5))
    response = ana_api.post("/api/reactions", {"session": logged.pk, "days_after": 2, "symptom": "redness",
                                               "severity": 2})
    assert response.status_code == 201, response.content
    assert response.json()["date"] == days_ago(3).isoformat()
    assert Reaction.objects.get().session == logged


@pytest.mark.parametrize(("path", "body", "field", "text"), [
    ("/api/sessions", a_session(date="2999-01-01"), "date", "future"),
    ("/api/sessions", a_session(date="2026-02-30"), "date", "YYYY-MM-DD"),
    ("/api/sessions", a_session(zones=["elbow"]), "zones", "Select a valid choice"),
    ("/api/sessions", a_session(zones=[]), "zones", ""),
    ("/api/sessions", a_session(passes=0), "passes", ""),
    ("/api/sessions", a_session(needle_mm=0.123), "needle_mm", "decimal places"),
    ("/api/sessions", a_session(mood="good"), "mood", "unknown field"),
    ("/api/devices", a_device(kind="toaster"), "kind", "Select a valid choice"),
    ("/api/devices", a_device(first_used="2026-01-10", retired_on="2026-01-01"), "retired_on", "before"),
    ("/api/devices", a_device(needle_mm="long"), "needle_mm", ""),
    ("/api/devices", a_device(colour="red"), "colour", "unknown field"),
    ("/api/reactions", {"symptom": "redness", "severity": 9}, "severity", ""),
    ("/api/reactions", {"symptom": "redness", "severity": 2, "days_after": 1}, "days_after", "session"),
    ("/api/reactions", {"severity": 2}, "symptom", "required"),
])
def test_a_bad_entry_is_refused_by_its_field_and_not_stored(
        ana_api: ApiClient, path: str, body: dict[str, Any], field: str, text: str) -> None:
    assert_error(ana_api.post(path, body), 422, field, text)
    assert not (Device.objects.exists() or Session.objects.exists() or Reaction.objects.exists())


def test_a_replacement_is_checked_like_a_new_entry(ana_api: ApiClient, ana_user: User) -> None:
    logged = session(ana_user)
    assert_error(ana_api.put(f"/api/sessions/{logged.pk}", a_session(date="2999-01-01")), 422, "date")
    assert Session.objects.get().date == logged.date


def test_someone_elses_device_cannot_be_named_in_a_session(ana_api: ApiClient) -> None:
    theirs = device(person("bob"))
    assert_error(ana_api.post("/api/sessions", a_session(device=theirs.pk)), 422, "device")


@pytest.mark.parametrize("kind", ["devices", "sessions", "reactions"])
@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_another_persons_entries_are_404_and_untouched(bob_api: ApiClient, ana_user: User, kind: str,
                                                       method: str) -> None:
    rows = {"devices": device(ana_user), "sessions": session(ana_user), "reactions": reaction(ana_user)}
    bodies = {"devices": a_device(), "sessions": a_session(), "reactions": {"symptom": "redness", "severity": 1}}
    pk = rows[kind].pk
    response = bob_api.put(f"/api/{kind}/{pk}", bodies[kind]) if method == "put" \
        else getattr(bob_api, method)(f"/api/{kind}/{pk}")
    assert_error(response, 404)
    assert type(rows[kind]).objects.filter(pk=pk, owner=ana_user).exists()


def test_lists_show_only_ones_own_entries(bob_api: ApiClient, ana_user: User) -> None:
    device(ana_user)
    session(ana_user)
    reaction(ana_user)
    for kind in ("devices", "sessions", "reactions"):
        assert bob_api.get(f"/api/{kind}").json() == []


@pytest.mark.parametrize("pk", ["0", "-3", str(2**63), "99999999999999999999999", "abc"])
def test_an_id_no_row_can_have_is_a_clean_4xx(ana_api: ApiClient, pk: str) -> None:
    response = ana_api.get(f"/api/devices/{pk}")
    assert response.status_code in (404, 422)
    assert_error(response, response.status_code, "id" if response.status_code == 422 else None)


def test_alerts_come_from_the_same_review_as_the_diary_page(ana_api: ApiClient, ana_user: User) -> None:
    logged = session(ana_user, date=days_ago(3))
    reaction(ana_user, session=logged, date=days_ago(2), symptom="infection_signs", severity=4)
    alerts = ana_api.get("/api/alerts").json()
    assert alerts and alerts[0]["level"] == "urgent" and alerts[0]["kind"] == "red_flag"
    assert alerts[0]["title"] == "See a doctor today" and alerts[0]["sources"]


def test_an_empty_diary_has_no_alerts(ana_api: ApiClient) -> None:
    assert ana_api.get("/api/alerts").json() == []
