"""Which protocol a plan follows: the one asked for if it fits, otherwise the default.

A protocol fits an intake when its setting, devices, zones and needle ceiling all
allow what the intake and its screening call for. One asked for by id that does not
fit is refused (an `IntakeError` on the field `protocol`), never quietly adjusted.
"""

from __future__ import annotations

from types import MappingProxyType

from mesoplan.core.i18n import N_
from mesoplan.core.intake import Intake
from mesoplan.core.intake_parser import closest
from mesoplan.core.knowledge import Knowledge, Protocol
from mesoplan.core.plan_model import Message
from mesoplan.core.screening import ScreeningResult
from mesoplan.errors import IntakeError

NO_PROTOCOL = MappingProxyType({"home": N_("the knowledge base has no protocol for treatment at home"),
               "clinic": N_("the knowledge base has no protocol for treatment in a clinic")})


def choose_protocol(screening: ScreeningResult, intake: Intake, knowledge: Knowledge,
                    protocol_id: str | None = None) -> tuple[Protocol, tuple[Message, ...]]:
    """The protocol to plan with, and warnings about the choice.

    Without `protocol_id`: among the default protocols of the intake's setting that
    fit, one preferred for a device, goal or procedure the intake names wins over a
    general one; a preferred protocol that does not fit is reported in the warnings.

    Raises:
        IntakeError: `protocol_id` is unknown, or names a protocol that does not fit.
    """
    if protocol_id is not None:
        protocol = knowledge.protocols.get(protocol_id)
        if protocol is None:
            raise IntakeError("protocol", N_("“{value}” is not one of the protocols"), params={"value": protocol_id},
                              suggestions=closest(protocol_id, sorted(knowledge.protocols)))
        problem = misfit(protocol, screening, intake, knowledge)
        if problem is not None:
            raise IntakeError("protocol", N_("“{value}” does not fit these answers: {why}"),
                              params={"value": protocol_id, "why": problem})
        return protocol, ()
    candidates = [p for p in knowledge.protocols.values() if p.default and p.setting == intake.setting]
    if not candidates:
        raise IntakeError("protocol", NO_PROTOCOL[intake.setting])
    named = intake.factor_ids() | set(intake.goals)
    preferred = [p for p in candidates if p.prefer_when & named]
    general = [p for p in candidates if not p.prefer_when]
    passed_over: list[tuple[Protocol, Message]] = []
    for protocol in preferred + general:
        problem = misfit(protocol, screening, intake, knowledge)
        if problem is None:
            return protocol, tuple(_passed_over(p, why, protocol) for p, why in passed_over if p in preferred)
        passed_over.append((protocol, problem))
    # Nothing fits (a device the setting cannot use, which the screening stops anyway):
    # keep the general protocol on record and say why it does not fit.
    fallback, problem = next(((p, why) for p, why in passed_over if p in general), passed_over[0])
    return fallback, (Message(N_("The protocol “{protocol}” does not fit this intake: {problem}."),
                              {"protocol": Message(fallback.title), "problem": problem}),)


def _passed_over(protocol: Protocol, problem: Message, chosen: Protocol) -> Message:
    return Message(N_("The protocol “{protocol}” would suit this intake, but {problem}; "
                      "the plan follows “{chosen}” instead."),
                   {"protocol": Message(protocol.title), "problem": problem, "chosen": Message(chosen.title)})


def misfit(protocol: Protocol, screening: ScreeningResult, intake: Intake, knowledge: Knowledge) -> Message | None:
    """Why a protocol does not fit an intake and its screening, or None if it fits."""
    if protocol.setting != intake.setting:
        return Message(N_("it is for the {protocol_setting} setting and this intake is for {setting}"),
                       {"protocol_setting": protocol.setting, "setting": intake.setting})
    device = intake.device
    if device is not None and protocol.devices and device.kind not in protocol.devices:
        names = tuple(Message(knowledge.devices[d].name) for d in sorted(protocol.devices))
        return Message(N_("it uses {devices}, not a {device}"),
                       {"devices": names, "device": Message(knowledge.devices[device.kind].name)})
    extra = tuple(z for z in intake.zones if protocol.zones and z not in protocol.zones)
    if extra:
        return Message(N_("it treats only {allowed}, and the intake also names {extra}"),
                       {"allowed": _zone_names(sorted(protocol.zones), knowledge),
                        "extra": _zone_names(extra, knowledge)})
    for zone_id in intake.zones:
        result = screening.zones.get(zone_id)
        if result is None or result.needle is None or result.verdict == "stop":
            continue
        if result.needle.suggested_mm > protocol.max_needle_mm:
            return Message(N_("it allows needles up to {max_mm} mm, and the screening suggests {needle_mm} mm "
                              "for {zone}"),
                           {"max_mm": protocol.max_needle_mm, "needle_mm": result.needle.suggested_mm,
                            "zone": Message(knowledge.zones[zone_id].name)})
    return None


def _zone_names(zone_ids: list[str] | tuple[str, ...], knowledge: Knowledge) -> tuple[Message, ...]:
    return tuple(Message(knowledge.zones[z].name) for z in zone_ids)
