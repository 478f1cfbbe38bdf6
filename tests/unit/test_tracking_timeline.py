"""The diary's timeline: logged home and clinic sessions, planned sessions and reactions, by date."""

from __future__ import annotations

from test_tracking_builders import day, reaction, session

from mesoplan.core.tracking import TimelineEntry, timeline


def test_the_timeline_merges_and_sorts_home_clinic_planned_and_reactions() -> None:
    """Entries given out of order come back by date, whatever list they came from."""
    entries = timeline([session(14, setting="clinic"), session(0)], [reaction(1, "redness")],
                       planned=[(day(28), "home", ("forehead",)), (day(7), "clinic", ("scalp",))])
    assert [(e.date, e.kind, e.setting) for e in entries] == [
        (day(0), "session", "home"), (day(1), "reaction", None), (day(7), "planned", "clinic"),
        (day(14), "session", "clinic"), (day(28), "planned", "home")]


def test_on_one_day_sessions_come_before_plans_and_reactions() -> None:
    """A day with a reaction, a plan and a session lists the session first and the reaction last."""
    entries = timeline([session(3)], [reaction(3, "redness")], planned=[(day(3), "home", ("cheeks",))])
    assert [e.kind for e in entries] == ["session", "planned", "reaction"]


def test_a_reaction_carries_the_zones_of_the_session_it_follows() -> None:
    """Itching on day 2 shows the zones of the scalp session of day 1, not of the face session before it."""
    entries = timeline([session(0, zones=("cheeks",)), session(1, setting="clinic", zones=("scalp",))],
                       [reaction(2, "itching")])
    assert entries[-1] == TimelineEntry(day(2), "reaction", None, "itching", ("scalp",))


def test_a_reaction_before_any_session_has_no_zones() -> None:
    """With no session to follow, a reaction's zones are empty."""
    assert timeline([], [reaction(0, "dark_patches")])[0].zones == ()


def test_sessions_are_labelled_by_setting_and_plans_as_planned() -> None:
    """Labels are message ids that say where the session is and whether it is only planned."""
    entries = timeline([session(0), session(5, setting="clinic")], [], planned=[(day(9), "home", ())])
    assert [e.label for e in entries] == ["Home session", "Clinic session", "Planned home session"]
