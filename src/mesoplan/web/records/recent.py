"""One person's diary as far as it can still matter today, read in a fixed number of queries.

`core.tracking_window` says what of a diary can still matter; this module reads just that,
so that the diary's pages cost the same for a diary of ten entries and one of four hundred:
the sessions and reactions from `history_start` on (and the latest session before, which a
reaction logged without its session may follow; every red flag too, while no session has
been logged at all), and every device still in use, its older uses
counted by the database and folded into `uses_before`, with its latest session.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Min, OuterRef, Q, QuerySet, Subquery

from mesoplan.core import tracking_window
from mesoplan.core.knowledge import Knowledge
from mesoplan.core.tracking import LoggedDevice, LoggedReaction, LoggedSession
from mesoplan.web.records import flags
from mesoplan.web.records.mapping import logged_device, logged_reaction, logged_session
from mesoplan.web.records.models import Device, Reaction, Session

# Sessions another app keeps for the person (a clinic's signed ones): `source(cutoff)` gives those
# on or after `cutoff` and the latest one before it (see `sessions_from`); `None`: all of them.
LinkedSessions = Callable[[date | None], list[LoggedSession]]


# Reactions another app keeps for the person (a clinic's): `source(rule)` gives those `rule` selects
# (`reactions_to_read`), read from that app's own table.
LinkedReactions = Callable[[Q], list[LoggedReaction]]


def no_linked_sessions(cutoff: date | None) -> list[LoggedSession]:
    return []


def no_linked_reactions(rule: Q) -> list[LoggedReaction]:
    return []


def reactions_to_read(knowledge: Knowledge, cutoff: date, latest: date | None) -> Q:
    """Which reactions can still matter: those from `cutoff` on, and every red flag while no session
    has been logged at all (a filter on `date`, `symptom` and `severity`)."""
    rule = Q(date__gte=cutoff)
    if latest is None:
        red = [e.id for e in knowledge.side_effects.values() if e.kind == "red_flag"]
        rule |= Q(symptom__in=red) | Q(severity__gte=knowledge.thresholds.severe_rating)
    return rule


@dataclass(frozen=True)
class RecentDiary:
    """The part of a diary that can still matter on `today`, as core values."""

    sessions: list[LoggedSession]  # home and linked, from `history_start(since)`, plus a few older ones
    devices: list[LoggedDevice]
    reactions: list[LoggedReaction]
    since: date  # events from this day on can still raise an alert
    read_from: date  # every session and reaction from this day on is here (`history_start(since)`)
    latest_session: date | None
    # (symptom, day) of the person's own red flags read that a doctor has seen or someone closed
    answered_flags: frozenset[tuple[str, date]] = frozenset()


def sessions_from(rows: QuerySet[Any], cutoff: date | None, also: Q | None = None) -> QuerySet[Any]:
    """The rows dated on or after `cutoff`, the latest one before it (the session an undated reaction
    may follow) and those `also` names; all of them when `cutoff` is None. One query, served by a
    (…, date) index."""
    if cutoff is None:
        return rows
    latest_before = rows.filter(date__lt=cutoff).order_by("-date", "-id").values("pk")[:1]
    wanted = Q(date__gte=cutoff) | Q(pk=Subquery(latest_before))
    return rows.filter(wanted | also if also is not None else wanted)


def _read_sessions(user: Any, today: date, linked: LinkedSessions, cutoff: date) -> tuple[dict[int, Session],
                                                                                          list[LoggedSession]]:
    if user is None:  # a clinic's client without an account of their own
        return {}, linked(cutoff)
    # and the latest use of each device in use: it says when the device was last used, and where
    last_use = Session.objects.filter(device=OuterRef("pk")).order_by("-date", "-id").values("pk")[:1]
    in_use = Device.objects.owned_by(user).filter(_in_use(today)).annotate(last=Subquery(last_use)).values("last")
    own = sessions_from(Session.objects.owned_by(user), cutoff, also=Q(pk__in=in_use))
    return {row.pk: row for row in own}, linked(cutoff)


def _latest(rows: dict[int, Session], others: list[LoggedSession]) -> date | None:
    return max([row.date for row in rows.values()] + [s.date for s in others], default=None)


def _in_use(today: date) -> Q:
    return Q(retired_on__isnull=True) | Q(retired_on__gt=today)


def recent_diary(user: Any, today: date, knowledge: Knowledge, linked: LinkedSessions = no_linked_sessions,
                 linked_reactions: LinkedReactions = no_linked_reactions) -> RecentDiary:
    """Read what of `user`'s diary (None: no diary of their own) can still matter on `today`, with the
    sessions and reactions another app keeps for them (see the module docstring)."""
    # First guess: someone with a session in the last weeks (most people using the diary).
    cutoff = tracking_window.history_start(knowledge, today - timedelta(days=tracking_window.reach_days(knowledge)))
    rows, others = _read_sessions(user, today, linked, cutoff)
    latest = _latest(rows, others)
    since = tracking_window.window_start(knowledge, today, latest)
    if tracking_window.history_start(knowledge, since) < cutoff:  # no session lately: read from the last one
        cutoff = tracking_window.history_start(knowledge, since)
        # each read gave the latest session before the first cutoff: one that gave none has none to give
        rows, others = _read_sessions(user if rows else None, today, linked if others else no_linked_sessions,
                                      cutoff)
    rule = reactions_to_read(knowledge, cutoff, latest)
    own = _reactions(user, rule) if user is not None else []
    return RecentDiary(
        sessions=[logged_session(row) for row in rows.values()] + others,
        devices=_devices(user, today, rows, cutoff) if user is not None else [],
        reactions=[logged_reaction(row) for row in own] + linked_reactions(rule),
        since=since, read_from=cutoff, latest_session=latest, answered_flags=flags.dealt_with_among(own, knowledge))


def _devices(user: Any, today: date, rows: dict[int, Session], cutoff: date) -> list[LoggedDevice]:
    """Devices in use and those the sessions read name, each with the uses not read counted in."""
    named = {row.device_id for row in rows.values() if row.device_id is not None}
    read_before = [pk for pk, row in rows.items() if row.date < cutoff]
    older = Q(sessions__date__lt=cutoff)
    not_read = older & ~Q(sessions__pk__in=read_before) if read_before else older
    devices = (Device.objects.owned_by(user).filter(_in_use(today) | Q(pk__in=named))
               .annotate(uses_not_read=Count("sessions", filter=not_read),
                         first_session=Min("sessions__date", filter=older)))
    found = []
    for device in devices:
        value = logged_device(device)
        found.append(LoggedDevice(
            id=value.id, kind=value.kind, needle_mm=value.needle_mm,
            # its first logged use may be older than what was read, and bounds its age
            first_used=value.first_used or device.first_session,
            uses_before=value.uses_before + device.uses_not_read,
            last_sanitised=value.last_sanitised, retired_on=value.retired_on))
    return found


def _reactions(user: Any, rule: Q) -> list[Reaction]:
    # From the sessions' cutoff rather than `since`: the timeline shows both over the same days; the
    # alerts of those before `since` are dropped by `still_matters`.
    return list(Reaction.objects.owned_by(user).filter(rule).select_related("session"))
