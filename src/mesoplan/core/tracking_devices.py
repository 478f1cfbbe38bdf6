"""The person's own devices: single-use needles used again, worn needles, and cleaning.

A retired device (replaced or thrown away by `today`) raises nothing: whatever
was wrong with it, there is nothing left to do about it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, timedelta

from mesoplan.core.i18n import N_
from mesoplan.core.knowledge import CLEAN_DEVICE_AFTER, DeviceKind, Knowledge
from mesoplan.core.tracking_diary import Diary
from mesoplan.core.tracking_models import Alert, LoggedDevice, LoggedSession

SINGLE_USE_REUSED = N_("Your {device} has been used {uses} times, but its needles are meant for one use: blunt "
                       "needles tear the skin and cannot be made sterile again. Use a new sterile one next time, "
                       "and never share it.")
WORN_USES = N_("Your {device} has been used {uses} times (limit {limit}): its needles are blunt. "
               "Replace it before the next session.")
WORN_AGE = N_("Your {device} was first used on {first_used}, more than {limit} days ago: its needles are blunt. "
              "Replace it before the next session.")
NOT_SANITISED = N_("Your {device} has not been cleaned since it was used on {date}: clean it, soak it in 70% "
                   "isopropyl alcohol and let it dry before it is used again.")


def device_uses(device: LoggedDevice, sessions: Sequence[LoggedSession]) -> int:
    """How many times a device has been used: before the diary, plus the logged sessions naming it."""
    return device.uses_before + sum(1 for s in sessions if s.device_id == device.id)


def device_alerts(diary: Diary, knowledge: Knowledge, today: date) -> Iterator[Alert]:
    """Reuse, wear and cleaning alerts for each device still in use."""
    for device in diary.devices.values():
        if device.retired_on is not None and device.retired_on <= today:
            continue
        kind = knowledge.devices[device.kind]
        used = diary.sessions_with(device.id)
        uses = device_uses(device, used)
        last = used[-1].date if used else today
        names: dict[str, object] = {"device": kind.name, "device_id": device.id, "uses": uses}
        if kind.single_use and uses >= 2:
            check = knowledge.checks["single_use_reused"]
            yield Alert("single_use_reused", "warning", last, SINGLE_USE_REUSED, check.sources, names)
        worn = _worn(kind, device, used, today, knowledge, names)
        if worn is not None:
            yield worn
        if used and used[-1].setting == "home" and (device.last_sanitised is None or device.last_sanitised < last):
            yield Alert("device_not_sanitised", "info", last, NOT_SANITISED,
                        knowledge.care[CLEAN_DEVICE_AFTER].sources,
                        {**names, "last_sanitised": device.last_sanitised})


def _worn(kind: DeviceKind, device: LoggedDevice, used: tuple[LoggedSession, ...], today: date,
          knowledge: Knowledge, names: dict[str, object]) -> Alert | None:
    """One wear alert per device: by uses if over the limit, else by age (both say: replace it)."""
    uses = device_uses(device, used)
    if kind.replace_after_uses is not None and uses >= kind.replace_after_uses:
        day = used[-1].date if used else today
        return Alert("device_worn", "warning", day, WORN_USES, knowledge.checks["device_worn_uses"].sources,
                     {**names, "limit": kind.replace_after_uses})
    # Without a first-use date the first logged session is the best lower bound of its age.
    first = device.first_used or (used[0].date if used else None)
    if kind.replace_after_days is not None and first is not None \
            and (today - first).days >= kind.replace_after_days:
        return Alert("device_worn", "warning", first + timedelta(days=kind.replace_after_days), WORN_AGE,
                     knowledge.checks["device_worn_age"].sources,
                     {**names, "first_used": first, "limit": kind.replace_after_days})
    return None
