"""A home red flag over the API: its place in the life cycle on every reaction, and the two steps
(a doctor saw it, it was resolved) checked as the pages check them, with the API's JSON errors."""

from __future__ import annotations

from datetime import timedelta

import pytest
from api_helpers import ApiClient, assert_error
from django.contrib.auth.models import User
from web_builders import days_ago, reaction, today

from mesoplan.web.records.models import Reaction

pytestmark = pytest.mark.django_db


def infection(owner: User) -> Reaction:
    return reaction(owner, date=days_ago(2), symptom="infection_signs", severity=3)


def test_a_reaction_says_whether_it_is_a_red_flag_and_where_it_stands(ana_api: ApiClient, ana_user: User) -> None:
    flag, mild = infection(ana_user), reaction(ana_user, symptom="redness", severity=2)
    rows = {r["id"]: r for r in ana_api.get("/api/reactions").json()}
    assert rows[mild.pk]["flag"] is None
    assert rows[flag.pk]["flag"] == {"status": "open", "level": "doctor_today", "seen_lifts_block": False,
                                     "seen_on": None, "seen_note": "", "resolved_on": None, "resolved_by": "",
                                     "resolved_note": ""}


def test_the_two_steps_are_recorded_and_read_back(ana_api: ApiClient, ana_user: User) -> None:
    flag = infection(ana_user)
    response = ana_api.post(f"/api/reactions/{flag.pk}/seen", {"seen_on": days_ago(1).isoformat(),
                                                                 "note": "Cream for a week"})
    assert response.status_code == 200, response.content
    assert (response.json()["flag"]["status"], response.json()["flag"]["seen_on"]) == \
        ("seen", days_ago(1).isoformat())
    response = ana_api.post(f"/api/reactions/{flag.pk}/resolved", {"resolved_on": today().isoformat(),
                                                                     "by": "Dr Curie", "note": "Healed"})
    assert response.status_code == 200, response.content
    body = ana_api.get(f"/api/reactions/{flag.pk}").json()["flag"]
    assert (body["status"], body["seen_note"], body["resolved_by"], body["resolved_note"]) == \
        ("resolved", "Cream for a week", "Dr Curie", "Healed")


def test_a_future_or_too_early_date_is_the_pages_error_in_the_apis_shape(ana_api: ApiClient, ana_user: User) -> None:
    flag = infection(ana_user)
    tomorrow = (today() + timedelta(days=1)).isoformat()
    assert_error(ana_api.post(f"/api/reactions/{flag.pk}/seen", {"seen_on": tomorrow, "note": "x"}), 422, "seen_on",
                 "Day the doctor saw it: This date is in the future.")
    assert_error(ana_api.post(f"/api/reactions/{flag.pk}/resolved",
                              {"resolved_on": days_ago(5).isoformat(), "by": "Dr Curie", "note": "x"}),
                 422, "resolved_on", "before the day you noticed the warning sign")
    assert_error(ana_api.post(f"/api/reactions/{flag.pk}/resolved",
                              {"resolved_on": today().isoformat(), "by": "", "note": "x"}),
                 422, "by", "Give the name of the doctor or practitioner who closed it.")
    assert_error(ana_api.post(f"/api/reactions/{flag.pk}/seen", {"note": "x"}), 422, "seen_on", "required")
    flag.refresh_from_db()
    assert flag.flag_status == "open" and flag.flag_seen_on is None


def test_someone_elses_flag_is_not_found_and_stays_open(bob_api: ApiClient, ana_user: User) -> None:
    flag = infection(ana_user)
    assert_error(bob_api.post(f"/api/reactions/{flag.pk}/seen", {"seen_on": today().isoformat(), "note": "x"}),
                 404, None, "not found")
    flag.refresh_from_db()
    assert flag.flag_status == "open"


def test_a_reaction_without_steps_or_already_closed_is_a_conflict(ana_api: ApiClient, ana_user: User) -> None:
    mild = reaction(ana_user, symptom="redness", severity=2)
    assert_error(ana_api.post(f"/api/reactions/{mild.pk}/seen", {"seen_on": today().isoformat(), "note": "x"}),
                 409, None, "not a warning sign")
    flag = infection(ana_user)
    body = {"resolved_on": today().isoformat(), "by": "Dr Curie", "note": "Healed"}
    assert ana_api.post(f"/api/reactions/{flag.pk}/resolved", body).status_code == 200
    assert_error(ana_api.post(f"/api/reactions/{flag.pk}/resolved", body), 409, None, "already closed")
