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

from mesoplan.core.intake import Intake, Sex
from mesoplan.core.plan_model import EventKind
from mesoplan.core.tracking_models import LoggedDevice, LoggedReaction, LoggedSession


@dataclass(frozen=True, slots=True)
class ProductUse:
    """A product injected or applied in a session: which ingredient, from which lot."""

    ingredient: str  # an ingredients.yaml id
    lot: str  # "" when not recorded
    expiry: dt.date | None = None


@dataclass(frozen=True, slots=True)
class ChartedSession:
    """A logged session as a clinic charts it: needle per zone, products, who did it, the signature.

    `needle_by_zone` names zones of `session.zones`, each once, in the same order.
    `signed_at` carries a time zone.
    """

    id: str
    session: LoggedSession
    needle_by_zone: tuple[tuple[str, float], ...] = ()
    products: tuple[ProductUse, ...] = ()
    anaesthetic: str | None = None  # as charted, such as "lidocaine 5 % cream"
    practitioner: str | None = None  # the practitioner's name
    notes: str = ""
    signed_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class PlannedItem:
    """One dated item of a plan, enough to show it again: when, what kind, its title."""

    date: dt.date
    kind: EventKind
    title: str  # the title as shown, already translated


@dataclass(frozen=True, slots=True)
class ConsentRecord:
    """A signed consent to one procedure, on one version of the consent text."""

    id: str
    procedure: str  # a procedures.yaml id
    version: str
    text_digest: str  # digest of the text signed, such as "sha256:…"
    signed_name: str
    signed_at: dt.datetime  # with a time zone


@dataclass(frozen=True, slots=True)
class ClientRecord:
    """Everything kept about one client."""

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
