"""What changed between two screenings of a saved check (the contract's JSON, before and after).

A comparison of two answers the services gave, for the person to read; it
decides nothing itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from mesoplan import services
from mesoplan.web.front.display import BADGES, long_date, zone_name


@dataclass(frozen=True)
class Changes:
    verdict: tuple[str, str] | None = None
    earliest_start: tuple[str, str] | None = None
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    zones: list[str] = field(default_factory=list)
    knowledge_updated: bool = False

    @property
    def any(self) -> bool:
        return bool(self.verdict or self.earliest_start or self.added or self.removed or self.zones)


def _reason_key(r: Mapping[str, Any]) -> tuple[Any, ...]:
    return (r.get("rule"), r.get("factor"), r.get("effect"), r.get("until"), tuple(r.get("zones") or ()))


def _badge(verdict: str) -> str:
    return str(BADGES.get(verdict, verdict))


def compare(before: Mapping[str, Any], after: Mapping[str, Any]) -> Changes:
    """The differences a person would care about, from the older screening to the newer."""
    verdict = (_badge(before["verdict"]), _badge(after["verdict"])) if before["verdict"] != after["verdict"] else None
    start = None
    if before.get("earliest_start") != after.get("earliest_start"):
        start = (_day(before.get("earliest_start")), _day(after.get("earliest_start")))
    old = {_reason_key(r): r for r in before.get("reasons", [])}
    new = {_reason_key(r): r for r in after.get("reasons", [])}
    added = [new[k]["message"] for k in new if k not in old]
    removed = [old[k]["message"] for k in old if k not in new]
    zones = []
    old_zones, new_zones = before.get("zones", {}), after.get("zones", {})
    kb = services.knowledge()
    for zone_id in sorted(set(old_zones) | set(new_zones)):
        zone = zone_name(zone_id, kb)
        if zone_id not in old_zones:
            zones.append(_("{zone}: added ({verdict})").format(zone=zone,
                                                                verdict=_badge(new_zones[zone_id]["verdict"])))
        elif zone_id not in new_zones:
            zones.append(_("{zone}: no longer in the check").format(zone=zone))
        elif old_zones[zone_id] != new_zones[zone_id]:
            zones.append(_("{zone}: {before} → {after}").format(
                zone=zone, before=_zone_text(old_zones[zone_id]), after=_zone_text(new_zones[zone_id])))
    return Changes(verdict, start, added, removed, zones,
                   before.get("knowledge_version") != after.get("knowledge_version"))


def _day(iso: str | None) -> str:
    return long_date(date.fromisoformat(iso)) if iso else _("none")


def _zone_text(z: Mapping[str, Any]) -> str:
    needle = z.get("needle_mm") or {}
    return _("{verdict}, up to {max} mm").format(verdict=_badge(z["verdict"]), max=needle.get("max", "–"))
