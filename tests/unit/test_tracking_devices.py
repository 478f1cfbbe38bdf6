"""The person's devices: uses, `single_use_reused`, `device_worn` and `device_not_sanitised`.

A dermaroller is single-use, worn after 10 uses or 60 days; a home derma pen is
reusable (only its cartridges are single-use) and has no wear limits.
"""

from __future__ import annotations

from test_tracking_builders import KB, alerts, day, device, session

from mesoplan.core.tracking import device_uses, review


def test_device_uses_adds_logged_sessions_to_the_uses_before_the_diary() -> None:
    """Two prior uses plus the two sessions naming this device make four; other devices' sessions do not count."""
    diary = [session(0, device_id="roller"), session(7, device_id="roller"), session(14, device_id="pen")]
    assert device_uses(device(uses_before=2), diary) == 4


def test_a_single_use_roller_used_in_two_sessions_is_flagged() -> None:
    """A dermaroller named by two sessions gives a warning on the later one, citing the reuse check."""
    [alert] = alerts("single_use_reused", [session(0, device_id="roller"), session(7, device_id="roller")],
                     [device(sanitised=7)], today=8)
    assert (alert.level, alert.date, alert.params["uses"]) == ("warning", day(7), 2)
    assert alert.sources == KB.checks["single_use_reused"].sources


def test_a_single_use_roller_used_once_is_not_flagged() -> None:
    """One session with a new roller is how it is meant to be used."""
    assert alerts("single_use_reused", [session(0, device_id="roller")], [device()], today=1) == []


def test_a_roller_used_before_the_diary_and_again_is_flagged() -> None:
    """One use before the diary and one logged session make a reuse."""
    found = alerts("single_use_reused", [session(0, device_id="roller")], [device(uses_before=1)], today=1)
    assert [a.params["uses"] for a in found] == [2]


def test_a_reusable_pen_used_many_times_is_not_flagged_as_single_use() -> None:
    """A home derma pen's body is reusable; only its cartridges are single-use."""
    diary = [session(n, device_id="pen") for n in (0, 7, 14)]
    assert alerts("single_use_reused", diary, [device("pen", kind="derma_pen")], today=15) == []


def test_a_roller_at_its_use_limit_is_worn() -> None:
    """Eight prior uses and two sessions reach the roller's limit of 10."""
    [alert] = alerts("device_worn", [session(0, device_id="roller"), session(7, device_id="roller")],
                     [device(uses_before=8, first_used=0)], today=8)
    assert (alert.level, alert.date, alert.params["uses"], alert.params["limit"]) == ("warning", day(7), 10, 10)
    assert alert.sources == KB.checks["device_worn_uses"].sources


def test_a_roller_one_use_short_of_its_limit_is_not_worn() -> None:
    """Nine uses in all are still within the limit."""
    assert alerts("device_worn", [session(0, device_id="roller")], [device(uses_before=8, first_used=0)],
                  today=1) == []


def test_a_roller_first_used_60_days_ago_is_worn_from_that_day() -> None:
    """Age reaches the 60-day limit on day 60, which is the day the alert concerns."""
    [alert] = alerts("device_worn", [session(0, device_id="roller")], [device(first_used=0)], today=61)
    assert (alert.date, alert.params["first_used"], alert.params["limit"]) == (day(60), day(0), 60)
    assert alert.sources == KB.checks["device_worn_age"].sources


def test_a_roller_first_used_59_days_ago_is_not_worn() -> None:
    """One day short of 60 days the roller is still in date."""
    assert alerts("device_worn", [session(0, device_id="roller")], [device(first_used=0)], today=59) == []


def test_without_a_first_use_date_the_first_logged_session_dates_the_device() -> None:
    """A roller with no first-use date, first logged on day 5, is worn on day 65."""
    [alert] = alerts("device_worn", [session(5, device_id="roller")], [device()], today=70)
    assert alert.date == day(65)


def test_a_home_device_not_cleaned_since_its_last_session_is_flagged() -> None:
    """Cleaned on day 0, used at home on day 7: an info on day 7 citing the after-use cleaning step."""
    [alert] = alerts("device_not_sanitised", [session(0, device_id="pen"), session(7, device_id="pen")],
                     [device("pen", kind="derma_pen", sanitised=0)], today=8)
    assert (alert.level, alert.date, alert.params["last_sanitised"]) == ("info", day(7), day(0))
    assert alert.sources == KB.care["clean_device_after"].sources


def test_a_home_device_never_cleaned_is_flagged() -> None:
    """With no cleaning logged at all, the device is flagged after its session."""
    found = alerts("device_not_sanitised", [session(3, device_id="pen")], [device("pen", kind="derma_pen")], today=4)
    assert [a.date for a in found] == [day(3)]


def test_a_device_cleaned_on_the_day_of_its_last_session_is_not_flagged() -> None:
    """Cleaning logged the same day as the session counts as done."""
    assert alerts("device_not_sanitised", [session(7, device_id="pen")],
                  [device("pen", kind="derma_pen", sanitised=7)], today=8) == []


def test_a_device_last_used_in_a_clinic_is_not_the_persons_to_clean() -> None:
    """A pen whose last session was in a clinic gives no cleaning alert."""
    assert alerts("device_not_sanitised", [session(7, setting="clinic", device_id="pen")],
                  [device("pen", kind="derma_pen")], today=8) == []


def test_a_retired_device_raises_nothing() -> None:
    """A roller reused past every limit and never cleaned, but thrown away by today, gives no alert."""
    diary = [session(n, device_id="roller") for n in (0, 7, 14)]
    found = review(diary, [device(uses_before=9, first_used=-90, retired=15)], [], KB, day(20))
    assert [a.kind for a in found if a.kind not in ("session_due", "session_too_soon")] == []


def test_a_device_retired_only_after_today_is_still_reviewed() -> None:
    """A retirement date still to come does not hide the device's alerts yet."""
    found = alerts("single_use_reused", [session(0, device_id="roller"), session(7, device_id="roller")],
                   [device(sanitised=7, retired=30)], today=8)
    assert len(found) == 1


def test_a_new_sterile_roller_for_each_session_raises_no_device_alert() -> None:
    """The safe routine: one new roller per session, cleaned afterwards."""
    diary = [session(0, device_id="r1"), session(7, device_id="r2")]
    rollers = [device("r1", first_used=0, sanitised=0, retired=1), device("r2", first_used=7, sanitised=7)]
    found = review(diary, rollers, [], KB, day(8))
    assert [a.kind for a in found if a.kind.startswith(("device", "single"))] == []
