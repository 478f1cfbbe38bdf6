"""The diary reads only what can still matter today (`core.tracking_window`), so its alerts say the same
as a review of the whole diary for what can still matter, and old history changes nothing else."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from diary_history import random_diary
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from web_builders import days_ago, device, person, reaction, saved_check, session, today

from mesoplan import services
from mesoplan.application import diary as diary_gate
from mesoplan.core import tracking, tracking_window
from mesoplan.web.diary import hooks, review
from mesoplan.web.records import flags, mapping
from mesoplan.web.records.models import SavedCheck

pytestmark = pytest.mark.django_db


def whole_diary_alerts(user: User, *, all_of_them: bool = False) -> tuple[tracking.Alert, ...]:
    """The review of every row the person ever logged, kept to what can still matter (or not)."""
    kb = services.knowledge()
    sessions, devices, reactions = mapping.diary_values(user)
    sessions += hooks.linked_sessions(user)
    planned = [p[0] for p in mapping.planned_sessions(review.latest_plan(user))]
    found = tracking.review(sessions, devices, reactions, kb, today(), planned=planned)
    check = review.latest_check(user)
    if check is not None:
        found = (*diary_gate.logged_session_alerts(check.intake, check.created_at.date(), sessions, kb,
                                                   flags.histories_of(flags.flag_rows(user, date.min, kb), kb)),
                 *found)
    if all_of_them:
        return found
    latest = max((s.date for s in sessions), default=None)
    since = tracking_window.window_start(kb, today(), latest)
    return tuple(a for a in found if tracking_window.still_matters(a, since, latest))


def kinds(user: User) -> list[tuple[str, Any]]:
    return [(a.kind, a.date) for a in review.alerts(user, today())]


def checked_since(user: User, days: int) -> None:
    """The person's saved check dates from `days` ago: the gate judges their sessions since then."""
    SavedCheck.objects.filter(owner=user).update(created_at=timezone.now() - timedelta(days=days))


@pytest.mark.parametrize("seed", range(6))
def test_years_of_a_varied_diary_give_the_alerts_the_whole_diary_gives_for_what_can_still_matter(seed: int) -> None:
    ana = person("ana")
    saved_check(ana, allergies=["hyaluronic_acid"])
    checked_since(ana, 500)
    random_diary(ana, seed)
    shown = review.alerts(ana, today())
    assert shown == whole_diary_alerts(ana)
    assert 0 < len(shown) < len(whole_diary_alerts(ana, all_of_them=True))  # years of old events left out


def test_someone_without_a_session_for_months_still_sees_what_followed_their_last_one() -> None:
    ana = person("ana")
    pen = device(ana, kind="derma_pen", first_used=days_ago(400))
    session(ana, date=days_ago(300), device=pen, needle_mm="0.5")
    last = session(ana, date=days_ago(296), device=pen, needle_mm="0.5")  # too soon, and the latest
    reaction(ana, session=last, date=days_ago(290), symptom="redness", severity=2)  # lasted too long
    reaction(ana, date=days_ago(200), symptom="infection_signs", severity=3)  # no session since: open
    found = kinds(ana)
    assert ("session_too_soon", days_ago(296)) in found and ("reaction_prolonged", days_ago(290)) in found
    assert found[0] == ("red_flag", days_ago(200))
    assert review.alerts(ana, today()) == whole_diary_alerts(ana)


def test_a_red_flag_logged_before_any_session_stays_open_however_old() -> None:
    ana = person("ana")
    reaction(ana, date=days_ago(700), symptom="redness", severity=5)
    reaction(ana, date=days_ago(690), symptom="redness", severity=1)
    assert kinds(ana) == [("red_flag", days_ago(700))]


def recent_diary(owner: User) -> None:
    """Last month: a pen, two sessions too close together, a reaction that lasts, a red flag."""
    pen = device(owner, kind="derma_pen", first_used=days_ago(40))
    session(owner, date=days_ago(20), device=pen, needle_mm="0.5")
    latest = session(owner, date=days_ago(16), device=pen, needle_mm="0.5")
    reaction(owner, session=latest, date=days_ago(10), symptom="swelling", severity=2)
    reaction(owner, session=latest, date=days_ago(3), symptom="infection_signs", severity=3)


@pytest.mark.parametrize("history", ["too_soon", "red_flag", "prolonged", "not_allowed", "retired_device"])
def test_history_older_than_the_window_and_followed_by_sessions_changes_no_alert_of_today(history: str) -> None:
    """Two people with the same last month; one of them also has two years of history before it."""
    alerts = []
    for name, old in (("ana", False), ("bob", True)):
        owner = person(name)
        saved_check(owner, allergies=["hyaluronic_acid"])
        checked_since(owner, 900)
        recent_diary(owner)
        if old:
            earlier = session(owner, date=days_ago(700), needle_mm="1.0", serum="hyaluronic_acid")
            if history == "too_soon":
                session(owner, date=days_ago(695), needle_mm="1.0")
            elif history == "red_flag":
                # closed since (as the data migration closed the flags a later session followed)
                reaction(owner, session=earlier, date=days_ago(698), symptom="infection_signs", severity=5,
                         flag_status="resolved", flag_resolved_on=days_ago(695))
            elif history == "prolonged":
                reaction(owner, session=earlier, date=days_ago(680), symptom="redness", severity=2)
            elif history == "retired_device":
                roller = device(owner, kind="dermaroller", first_used=days_ago(800), retired_on=days_ago(600))
                session(owner, date=days_ago(650), device=roller)
        # the same alerts, but for the device's id (each person's pen is a row of its own)
        alerts.append([(a.kind, a.date, a.message_id, {k: v for k, v in a.params.items() if k != "device_id"})
                       for a in review.alerts(owner, today())])
    assert alerts[0] == alerts[1]
    assert {a[0] for a in alerts[0]} >= {"session_too_soon", "reaction_prolonged", "red_flag"}


def test_the_uses_of_a_device_still_in_use_are_counted_over_its_whole_life() -> None:
    ana = person("ana")
    roller = device(ana, kind="dermaroller", first_used=None, last_sanitised=today())
    for n in range(11):
        session(ana, date=days_ago(800 - 60 * n), device=roller)
    session(ana, date=days_ago(5))  # without it
    worn = [a for a in review.alerts(ana, today()) if a.kind in ("device_worn", "single_use_reused")]
    assert {a.kind for a in worn} == {"device_worn", "single_use_reused"}
    assert all(a.params["uses"] == 11 for a in worn)
    assert worn == [a for a in whole_diary_alerts(ana) if a.kind in ("device_worn", "single_use_reused")]


def test_a_device_last_used_long_ago_still_asks_to_be_cleaned(client: Client, ana: User) -> None:
    pen = device(ana, kind="derma_pen", first_used=days_ago(200), last_sanitised=days_ago(200))
    session(ana, date=days_ago(150), device=pen)
    session(ana, date=days_ago(10))  # a later session with another device
    assert ("device_not_sanitised", days_ago(150)) in kinds(ana)
    assert 'data-kind="device_not_sanitised"' in client.get("/diary/").content.decode()


def test_a_diary_that_starts_in_year_one_is_still_reviewed() -> None:
    ana = person("ana")
    first = session(ana, date=date.min)
    reaction(ana, session=first, date=date.min, symptom="persisting_reaction", severity=3)
    assert [a.kind for a in review.alerts(ana, today())] == ["red_flag"]
