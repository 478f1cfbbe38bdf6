"""One client's record: who they are, their intake, charted sessions, diary, plan and consents.

The clinic app maps its models to and from this value; the FHIR exporter and
importer (`mesoplan.exports.fhir`, `fhir_import`) turn it into an R4B Bundle and
back. Ids are stable strings chosen by whoever stores the record, so a round
trip gives an equal value. Tuples keep the order they were given in: the order
is part of the value, and the exporter keeps it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

from mesoplan.core.intake import Intake, Sex
from mesoplan.core.plan_model import EventKind
from mesoplan.core.tracking_models import LoggedDevice, LoggedReaction, LoggedSession


@dataclass(frozen=True, slots=True)
class ProductUse:
    """A product injected or applied in a session: which ingredient, from which lot."""

    ingredient: str  # an ingredients.yaml id
    lot: str  # "" when not recorded
    expiry: dt.date | None = None
    name: str = ""  # the product's own name, such as "Hyal 2 %"; "" when not recorded


@dataclass(frozen=True, slots=True)
class Amendment:
    """A dated note added to a signed session, by whom."""

    at: dt.datetime  # with a time zone
    author: str  # "" when unknown
    note: str


@dataclass(frozen=True, slots=True)
class ChartedSession:
    """A logged session as a clinic charts it: needle per zone, products, who did it, the signature.

    `needle_by_zone`, `passes_by_zone` and `device_by_zone` each name zones of
    `session.zones`, each once, in the same order. `signed_at` carries a time zone.
    The fields after `signed_at` came later: their defaults read older records.
    """

    id: str
    session: LoggedSession
    needle_by_zone: tuple[tuple[str, float], ...] = ()
    products: tuple[ProductUse, ...] = ()
    anaesthetic: str | None = None  # as charted, such as "lidocaine 5 % cream"
    practitioner: str | None = None  # the practitioner's name
    notes: str = ""  # the session's own notes; older records folded the amendments in here
    signed_at: dt.datetime | None = None
    passes_by_zone: tuple[tuple[str, int], ...] = ()
    device_by_zone: tuple[tuple[str, str], ...] = ()  # devices.yaml ids
    procedure: str | None = None  # a procedures.yaml id
    location: str | None = None  # the name of the clinic's premises
    signed_by: str | None = None  # the signer's name
    amendments: tuple[Amendment, ...] = ()
    # What the gate answered at signing: the screening's digest, the knowledge and policy versions.
    screening_digest: str = ""
    knowledge_version: str = ""
    policy_version: str = ""
    cautions_acknowledged: bool = False
    consent: str | None = None  # the id of the consent (of `ClientRecord.consents`) it was signed on


@dataclass(frozen=True, slots=True)
class PlannedItem:
    """One dated item of a plan, enough to show it again: when, what kind, its title."""

    date: dt.date
    kind: EventKind
    title: str  # the title as shown, already translated
    zones: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ConsentRecord:
    """A signed consent to one procedure, on one version of the consent text.

    The fields after `signed_at` came later: their defaults read older records.
    """

    id: str
    procedure: str  # a procedures.yaml id
    version: str
    text_digest: str  # digest of the text signed, such as "sha256:…"
    signed_name: str
    signed_at: dt.datetime  # with a time zone
    name_differs_reason: str = ""  # why staff accepted a name that is not the client's ("" when it is)
    guardian_name: str = ""  # a minor's parent or guardian, who signed ("" for an adult)
    guardian_relation: str = ""  # "parent" or "guardian"
    drawing: bytes = b""  # the drawn signature, a PNG (b"" when none was drawn)
    drawing_digest: str = ""  # "sha256:…" of `drawing`
    device: str = ""  # the signing browser, as it named itself


@dataclass(frozen=True, slots=True)
class ReactionFollowUp:
    """What a clinic adds to a reaction: its notes and, for a red flag, where its follow-up stands."""

    notes: str = ""
    flag_status: str = "open"  # open → seen (a doctor saw it) → resolved
    flag_seen_on: dt.date | None = None
    flag_note: str = ""
    flag_closed_at: dt.datetime | None = None  # with a time zone
    # The session it followed, by id, when not the first session of its `session_date` (two on one day).
    session: str | None = None


NO_FOLLOW_UP: Final = ReactionFollowUp()


@dataclass(frozen=True, slots=True)
class ClientRecord:
    """Everything kept about one client.

    `follow_ups[i]` goes with `reactions[i]`; a shorter tuple means the rest have none
    (empty ones at the end are dropped, so that equal records compare equal).
    The fields after `consents` came later: their defaults read older records.
    """

    id: str
    name: str
    birth_date: dt.date | None
    sex: Sex | None
    intake: Intake
    sessions: tuple[ChartedSession, ...] = ()
    devices: tuple[LoggedDevice, ...] = ()
    reactions: tuple[LoggedReaction, ...] = ()
    plan_events: tuple[PlannedItem, ...] = ()
    consents: tuple[ConsentRecord, ...] = ()
    email: str = ""
    phone: str = ""
    follow_ups: tuple[ReactionFollowUp, ...] = ()
    intake_taken_on: dt.date | None = None
    language: str = ""  # the language of the client's messages and handouts, such as "fr"; "" when not chosen
    protocol: str = ""  # the protocol a practitioner chose for the course; "" for the planner's choice

    def __post_init__(self) -> None:
        # One form for one value: follow-ups without anything in them at the end are dropped.
        kept = list(self.follow_ups)
        while kept and kept[-1] == NO_FOLLOW_UP:
            kept.pop()
        object.__setattr__(self, "follow_ups", tuple(kept))

    def follow_up(self, i: int) -> ReactionFollowUp:
        """The follow-up of `reactions[i]`, or an empty one."""
        return self.follow_ups[i] if i < len(self.follow_ups) else NO_FOLLOW_UP
